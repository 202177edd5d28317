package dev.nexo.core.internal.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import dev.nexo.core.internal.config.Schema.Obj;

/**
 * Reads and validates a whole config dir: every file kind, {@code agents.d/} merged in file-name
 * order, placeholders resolved, defaults filled in, then the cheap semantic checks.
 *
 * <p>Free of OSGi types and of logging, so {@code nexo-cli check-config} runs it as is.
 */
public final class ConfigParser {
    /** Directory of drop-in agent files. */
    public static final String AGENTS_D = "agents.d";
    /** Drop-in files with this suffix are templates and are not loaded. */
    public static final String TEMPLATE_SUFFIX = ".example.yaml";
    private static final long MAX_FILE_BYTES = 4L << 20;

    private final Function<String, String> env;

    /** @param env environment lookup for {@code ${VAR}} placeholders, e.g. {@code System::getenv} */
    public ConfigParser(Function<String, String> env) {
        this.env = env;
    }

    /** @param dir the config dir; null means zero-config (defaults only) */
    public LoadResult load(Path dir) {
        Path abs = dir == null ? null : dir.toAbsolutePath().normalize();
        List<ConfigProblem> problems = new ArrayList<>();
        IdentityHashMap<Object, Location> locations = new IdentityHashMap<>();
        Map<FileKind, Map<String, Object>> roots = new EnumMap<>(FileKind.class);
        Map<FileKind, String> sources = new EnumMap<>(FileKind.class);
        Placeholders placeholders = new Placeholders(abs, env);
        if (abs != null && !Files.isDirectory(abs)) {
            problems.add(ConfigProblem.warning(Location.ofFile(abs.toString()), "",
                    "config dir does not exist; using defaults for every file"));
        }
        boolean present = abs != null && Files.isDirectory(abs);
        List<Map<String, Object>> agents = new ArrayList<>();
        for (FileKind kind : FileKind.values()) { // agents first, so problems come out in reading order
            if (kind == FileKind.AGENTS_D) {
                agents.addAll(agentsOf(roots.get(FileKind.AGENTS)));
                for (Path file : present ? dropIns(abs, problems) : List.<Path>of()) {
                    String name = AGENTS_D + "/" + file.getFileName();
                    agents.addAll(agentsOf(readFile(file, name, kind.schema(), placeholders, problems, locations)));
                }
                continue;
            }
            Path file = present ? abs.resolve(kind.path()) : null;
            if (file != null && Files.exists(file)) {
                sources.put(kind, kind.path());
                roots.put(kind, readFile(file, kind.path(), kind.schema(), placeholders, problems, locations));
            } else {
                roots.put(kind, defaults(kind.schema()));
            }
        }
        EffectiveConfig config = new EffectiveConfig(abs, roots, List.copyOf(agents), sources, locations);
        SemanticChecks.check(config, problems);
        return LoadResult.of(abs, config, problems);
    }

    private static Map<String, Object> readFile(Path file, String name, Obj schema, Placeholders placeholders,
            List<ConfigProblem> problems, IdentityHashMap<Object, Location> locations) {
        Node node;
        try {
            node = compose(file, name, problems);
        } catch (IOException e) {
            problems.add(ConfigProblem.error(Location.ofFile(name), "", "cannot read file: " + describe(e)));
            return defaults(schema);
        }
        if (node == null) {
            return defaults(schema); // empty file or comments only
        }
        NodeReader reader = new NodeReader(name, placeholders, problems, locations);
        if (!(node instanceof MappingNode)) {
            problems.add(ConfigProblem.error(reader.at(node), "", "the file must be a mapping of top-level fields"));
            return defaults(schema);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) reader.read(node, schema, "");
        return root == null ? defaults(schema) : root;
    }

    /** SnakeYAML's node API keeps line and column on every node; syntax errors carry a mark too. */
    private static Node compose(Path file, String name, List<ConfigProblem> problems) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            problems.add(ConfigProblem.error(Location.ofFile(name), "", "file larger than 4 MiB"));
            return null;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            problems.add(ConfigProblem.error(Location.ofFile(name), "", "file is not valid UTF-8"));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        try {
            Iterator<Node> docs = new Yaml(options).composeAll(new java.io.StringReader(text)).iterator();
            Node first = docs.hasNext() ? docs.next() : null;
            if (docs.hasNext()) {
                Node second = docs.next();
                problems.add(ConfigProblem.error(new Location(name, second.getStartMark().getLine() + 1,
                        second.getStartMark().getColumn() + 1), "", "only one YAML document per file is allowed"));
            }
            return first;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location at = mark == null ? Location.ofFile(name)
                    : new Location(name, mark.getLine() + 1, mark.getColumn() + 1);
            problems.add(ConfigProblem.error(at, "", "YAML syntax error: " + e.getProblem()));
        } catch (YAMLException e) {
            problems.add(ConfigProblem.error(Location.ofFile(name), "", "YAML error: " + e.getMessage()));
        }
        return null;
    }

    private static List<Path> dropIns(Path dir, List<ConfigProblem> problems) {
        Path agentsD = dir.resolve(AGENTS_D);
        if (!Files.isDirectory(agentsD)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(agentsD)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().endsWith(TEMPLATE_SUFFIX))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            problems.add(ConfigProblem.error(Location.ofFile(AGENTS_D), "", "cannot list directory: " + describe(e)));
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> agentsOf(Map<String, Object> root) {
        Object list = root.get("agents");
        return list instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The root of a file that is absent: every default of its schema. */
    static Map<String, Object> defaults(Obj schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : schema.fields().values()) {
            Object value = NodeReader.defaultOf(field);
            if (value != null) {
                out.put(field.name(), value);
            }
        }
        return out;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
