package dev.nexo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution's launcher, {@code bin/nexo <command>}, run as an operator runs it: a new
 * process with {@code NEXO_HOME} pointing at a container's state root, no console input, and
 * what it printed and its exit code returned. An inherited {@code NEXO_ADMIN_URL} is dropped so
 * the state root decides which container answers.
 */
public final class NexoCli {
    /** What one command did. */
    public record Result(int exit, String out, String err) {
        /** @return standard output followed by standard error, for assertion messages */
        public String output() {
            return out + err;
        }
    }

    private NexoCli() {
    }

    /** Runs {@code bin/nexo args} against the container whose state root is {@code stateRoot}. */
    public static Result run(Path stateRoot, String... args) throws IOException, InterruptedException {
        return run(Map.of("NEXO_HOME", stateRoot.toString()), args);
    }

    /** Runs {@code bin/nexo args} with {@code env} added to the test's environment. */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("nexo.dist.home")).resolve("bin").resolve("nexo").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("NEXO_ADMIN_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // the outputs are small: read them one after the other
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/nexo " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out, err);
    }
}
