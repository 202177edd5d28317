package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
        int port = freePort();
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
            nexo.destroy();
            if (!nexo.waitFor(15, TimeUnit.SECONDS)) {
                nexo.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
