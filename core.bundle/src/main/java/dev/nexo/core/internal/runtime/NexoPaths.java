package dev.nexo.core.internal.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Nexo keeps its state and finds its configuration. Each value comes from a framework or
 * system property first, then an environment variable, then a default.
 *
 * <p>Pure functions over a property lookup, so they work inside the framework (with
 * {@code BundleContext::getProperty}) and outside it (with {@code System::getProperty}).
 */
public final class NexoPaths {
    /** Property naming the state root; env {@code NEXO_HOME}; default {@code ~/.nexo}. */
    public static final String STATE_ROOT = "nexo.state.root";
    /** Property naming the config dir; env {@code NEXO_CONFIG_DIR}; no default (zero-config). */
    public static final String CONFIG_DIR = "nexo.config.dir";
    /** Property naming the watched deploy dir; env {@code NEXO_DEPLOY_DIR}; default {@code <state>/deploy}. */
    public static final String DEPLOY_DIR = "nexo.deploy.dir";
    /** File name of the admin connection-key inside the state root. */
    public static final String CONNECTION_KEY_FILE = "connection.key";
    /** File name, inside the state root, where the running container writes its admin API URL. */
    public static final String ADMIN_URL_FILE = "admin.url";

    private NexoPaths() {
    }

    public static Path stateRoot(Function<String, String> props) {
        return first(props.apply(STATE_ROOT), System.getenv("NEXO_HOME"))
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".nexo"))
                .toAbsolutePath().normalize();
    }

    public static Optional<Path> configDir(Function<String, String> props) {
        return first(props.apply(CONFIG_DIR), System.getenv("NEXO_CONFIG_DIR"))
                .map(p -> Path.of(p).toAbsolutePath().normalize());
    }

    public static Path deployDir(Function<String, String> props) {
        return first(props.apply(DEPLOY_DIR), System.getenv("NEXO_DEPLOY_DIR"))
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .orElseGet(() -> stateRoot(props).resolve("deploy"));
    }

    public static Path connectionKeyFile(Function<String, String> props) {
        return stateRoot(props).resolve(CONNECTION_KEY_FILE);
    }

    private static Optional<String> first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a.trim());
        }
        if (b != null && !b.isBlank()) {
            return Optional.of(b.trim());
        }
        return Optional.empty();
    }
}
