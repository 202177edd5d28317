package dev.nexo.core.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}} and
 * {@code ${file:path}} inside a scalar. {@code $${} writes a literal {@code ${}.
 *
 * <p>{@code ${file:…}} may read only below the config dir or under {@link #SECRET_ROOTS}: any
 * {@code ..} segment, an absolute path elsewhere, or a symlink whose target leaves those roots is
 * refused. Error messages name the variable or path, never a value.
 */
final class Placeholders {
    /** Absolute roots a {@code ${file:}} reference may use besides the config dir (Docker, Kubernetes). */
    static final List<Path> SECRET_ROOTS = List.of(Path.of("/run/secrets"), Path.of("/var/run/secrets"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final Path configDir;
    private final Function<String, String> env;
    private final List<Path> secretRoots;

    Placeholders(Path configDir, Function<String, String> env) {
        this(configDir, env, SECRET_ROOTS);
    }

    Placeholders(Path configDir, Function<String, String> env, List<Path> secretRoots) {
        this.configDir = configDir == null ? null : configDir.toAbsolutePath().normalize();
        this.env = env;
        this.secretRoots = secretRoots;
    }

    /** A refused or unresolvable placeholder; the message is safe to show. */
    static final class PlaceholderException extends Exception {
        private static final long serialVersionUID = 1L;

        PlaceholderException(String message) {
            super(message, null, false, false);
        }
    }

    static boolean hasPlaceholder(String text) {
        return text.contains("${");
    }

    /** @return the text with every placeholder replaced */
    String resolve(String text, String file) throws PlaceholderException {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new PlaceholderException("unterminated placeholder `${` (missing `}`) in " + file);
                }
                out.append(expand(text.substring(i + 2, end), file));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String expand(String expr, String file) throws PlaceholderException {
        if (expr.startsWith("file:")) {
            return readFile(expr.substring(5).trim(), file);
        }
        int dash = expr.indexOf('-');
        int colonDash = dash > 0 && expr.charAt(dash - 1) == ':' ? dash - 1 : -1;
        String name = colonDash >= 0 ? expr.substring(0, colonDash) : dash >= 0 ? expr.substring(0, dash) : expr;
        if (!NAME.matcher(name).matches()) {
            throw new PlaceholderException("malformed placeholder `${" + name
                    + "…}`: expected ${VAR}, ${VAR:-default}, ${VAR-default} or ${file:path} (in " + file + ")");
        }
        String value = env.apply(name);
        if (colonDash >= 0) {
            return value == null || value.isEmpty() ? expr.substring(colonDash + 2) : value;
        }
        if (dash >= 0) {
            return value == null ? expr.substring(dash + 1) : value;
        }
        if (value == null || value.isEmpty()) {
            throw new PlaceholderException("env var " + name + " not set (referenced in " + file + ")");
        }
        return value;
    }

    private String readFile(String ref, String file) throws PlaceholderException {
        Path target = checkedPath(ref, file);
        try {
            if (!Files.isRegularFile(target)) {
                throw new PlaceholderException("${file:" + ref + "}: no such file (in " + file + ")");
            }
            Path real = target.toRealPath();
            if (allowedRoots(true).stream().noneMatch(real::startsWith)) {
                throw refused(ref, "it resolves through a symlink to outside the allowed roots", file);
            }
            if (Files.size(real) > MAX_FILE_BYTES) {
                throw new PlaceholderException("${file:" + ref + "}: file larger than 1 MiB (in " + file + ")");
            }
            return Files.readString(real, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new PlaceholderException("${file:" + ref + "}: cannot read (" + e.getClass().getSimpleName()
                    + ") (in " + file + ")");
        }
    }

    private Path checkedPath(String ref, String file) throws PlaceholderException {
        if (ref.isEmpty()) {
            throw new PlaceholderException("${file:} needs a path (in " + file + ")");
        }
        for (String segment : ref.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw refused(ref, "`..` not allowed in file reference", file);
            }
        }
        Path raw = Path.of(ref);
        if (!raw.isAbsolute()) {
            if (configDir == null) {
                throw refused(ref, "relative references need a config dir", file);
            }
            return configDir.resolve(raw).normalize();
        }
        Path abs = raw.normalize();
        if (allowedRoots(false).stream().noneMatch(abs::startsWith)) {
            throw refused(ref, "absolute path outside the allowed roots", file);
        }
        return abs;
    }

    private PlaceholderException refused(String ref, String why, String file) {
        return new PlaceholderException("${file:" + ref + "}: " + why + "; allowed roots are the config dir"
                + " and " + String.join(", ", secretRoots.stream().map(p -> p + "/").toList()) + " (in " + file + ")");
    }

    /** The config dir and the secret roots, optionally with symlinks resolved (roots that exist). */
    private List<Path> allowedRoots(boolean real) {
        List<Path> roots = new ArrayList<>();
        if (configDir != null) {
            roots.add(configDir);
        }
        roots.addAll(secretRoots);
        if (!real) {
            return roots;
        }
        List<Path> reals = new ArrayList<>();
        for (Path root : roots) {
            try {
                reals.add(root.toRealPath());
            } catch (IOException e) {
                // a root that does not exist cannot contain the file
            }
        }
        return reals;
    }
}
