package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * The installed layout as a user runs it: {@code bin/nexo start}, {@code bin/nexo --print-key}
 * and {@code bin/nexo check-config}.
 */
class LauncherIT {
    private static final Duration BOOT = Duration.ofSeconds(60);

    private final Path home = Path.of(System.getProperty("nexo.dist.home"));
    private final Path work = Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath();

    @Test
    void startServesHealthAndPrintKeyPrintsTheStoredKey() throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(work), "launcher-").resolve("state");
        startCheckAndStop(state);
        // the first stop recorded the class-data archive; the second start maps it
        List<Path> archives;
        try (java.util.stream.Stream<Path> files = Files.list(state.resolve("cache"))) {
            archives = files.filter(f -> f.getFileName().toString().matches("cds-\\d+\\.jsa")).toList();
        }
        assertEquals(1, archives.size(), "one class-data archive: " + archives);
        assertTrue(Files.size(archives.get(0)) > 1_000_000, "a real archive: " + Files.size(archives.get(0)));
        Path log = startCheckAndStop(state);
        assertTrue(Files.exists(archives.get(0)), "the archive is kept for later starts");
        String out = Files.readString(log);
        assertTrue(!out.contains("[cds") && !out.contains("CDS"), "no class-data noise in the log: " + log);
    }

    /** {@code bin/nexo start}, {@code /health}, {@code --print-key}, the admin API with the key; then a graceful stop. */
    private Path startCheckAndStop(Path state) throws Exception {
        int port = NexoProcess.freePort();
        Path log = work.resolve("launcher-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "start", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NEXO_HOME", state.toString());
        Process nexo = pb.start();
        nexo.getOutputStream().close();
        try {
            Http http = new Http(port);
            Poll.until("bin/nexo start to answer /health (log " + log + ")", BOOT, () -> {
                assertTrue(nexo.isAlive(), "bin/nexo exited early; see " + log);
                return http.get("/health");
            }, r -> r.status() == 200);

            Result key = run(Map.of("NEXO_HOME", state.toString()), "--print-key");
            assertEquals(0, key.exit(), key.output());
            assertEquals(Files.readString(state.resolve("connection.key")).trim(), key.output().trim());
            Reply status = http.withKey(key.output().trim()).get("/admin/api/status");
            assertEquals(200, status.status(), status::toString);
        } finally {
            nexo.destroy(); // SIGTERM: a graceful stop, which writes the class-data archive the first time
            if (!nexo.waitFor(30, TimeUnit.SECONDS)) {
                nexo.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
        return log;
    }

    @Test
    void printKeyWithoutAStateRootFailsClearly() throws Exception {
        Result r = run(Map.of("NEXO_HOME", work.resolve("never-started").toString()), "--print-key");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("connection"), r.output());
    }

    @Test
    void checkConfigExitCodes() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "check-");
        Files.writeString(dir.resolve("agents.yaml"), "agents:\n  - id: ana\n    modle: {}\n");
        Result bad = run(Map.of(), "check-config", dir.toString());
        assertEquals(1, bad.exit(), bad.output());
        assertTrue(bad.output().contains("agents.yaml:3:"), bad.output());

        Files.writeString(dir.resolve("agents.yaml"), "agents: []\n");
        Result good = run(Map.of(), "check-config", dir.toString());
        assertEquals(0, good.exit(), good.output());
    }

    private Path launcher() {
        return home.resolve("bin").resolve("nexo");
    }

    private record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/nexo " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
