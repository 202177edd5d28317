package dev.nexo.plugin.host.internal.runtime;

import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code [plugin.requires]}: binaries on PATH and environment variables that must exist. */
public final class Requirements {
    private Requirements() {
    }

    /** @return what is missing, in words; empty when everything is there */
    public static List<String> missing(PluginManifest m, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String bin : m.requires().bins()) {
            if (onPath(bin, env).isEmpty()) {
                out.add("binary '" + bin + "' is not on PATH");
            }
        }
        for (String var : m.requires().env()) {
            String v = env.get(var);
            if (v == null || v.isBlank()) {
                out.add("environment variable " + var + " is not set");
            }
        }
        return out;
    }

    /** @return the executable named {@code name} on the PATH of {@code env}, if any */
    public static Optional<Path> onPath(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
