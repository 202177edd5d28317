package dev.nexo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import dev.nexo.core.internal.runtime.NexoPaths;

/** Finds and prints the admin connection key the container writes into its state root. */
final class ConnectionKey {
    private ConnectionKey() {
    }

    /** State root: {@code --state}, then {@code NEXO_HOME}, then {@code ~/.nexo}. */
    static Path stateRoot(Path option, Function<String, String> env) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String home = env.apply("NEXO_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home.trim()).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".nexo");
    }

    static int print(Path stateOption, Function<String, String> env, PrintWriter out, PrintWriter err) {
        Path file = stateRoot(stateOption, env).resolve(NexoPaths.CONNECTION_KEY_FILE);
        try {
            String key = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            if (key.isEmpty()) {
                err.println("error: no connection key at " + file
                        + " (start the container once to create it, or pass --state DIR / set NEXO_HOME)");
                return 1;
            }
            out.println(key);
            return 0;
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e.getClass().getSimpleName());
            return 1;
        }
    }
}
