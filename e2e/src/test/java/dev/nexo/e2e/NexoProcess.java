package dev.nexo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code nexo.jar} running as its own process, the way an operator starts it: a fresh
 * state root, a free loopback port, output to a log file. {@link #close()} always ends it; a JVM
 * shutdown hook ends it too if the test JVM goes away first, so no container outlives a run.
 */
public final class NexoProcess implements AutoCloseable {
    private final Process process;
    private final Path stateRoot;
    private final Path log;
    private final int port;
    private final long startedNanos;
    private final Thread reaper;

    private NexoProcess(Process process, Path stateRoot, Path log, int port, long startedNanos) {
        this.process = process;
        this.stateRoot = stateRoot;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
        this.reaper = new Thread(process::destroyForcibly, "nexo-e2e-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code jar} with its state under {@code stateRoot} (which the container creates) and
     * its output in {@code log}.
     */
    static NexoProcess start(Path jar, Path stateRoot, Path log) {
        return start(jar, stateRoot, log, List.of());
    }

    /** As {@link #start(Path, Path, Path)}, with extra JVM arguments such as {@code -Dnexo.config.dir=…}. */
    public static NexoProcess start(Path jar, Path stateRoot, Path log, List<String> jvmArgs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("distribution jar not found: " + jar + " (build the distribution module first)");
        }
        try {
            Files.createDirectories(log.getParent());
            int port = freePort();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Djdk.util.zip.disableZip64ExtraFieldValidation=true");
            cmd.add("-Dnexo.state.root=" + stateRoot);
            cmd.add("-Dorg.osgi.service.http.port=" + port);
            cmd.addAll(jvmArgs);
            cmd.add("-jar");
            cmd.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            long started = System.nanoTime();
            Process process = pb.start();
            process.getOutputStream().close(); // no console input: the shell runs non-interactive
            return new NexoProcess(process, stateRoot, log, port, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    public int port() {
        return port;
    }

    Path stateRoot() {
        return stateRoot;
    }

    Path deployDir() {
        return stateRoot.resolve("deploy");
    }

    public Path log() {
        return log;
    }

    long startedNanos() {
        return startedNanos;
    }

    public Http http() {
        return new Http(port);
    }

    /** Fails with the log's tail if the process has already exited. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("nexo exited with code " + process.exitValue() + "; log " + log + ":\n" + tail());
        }
    }

    /** Waits (bounded) until {@code GET /health} answers 200. */
    public void awaitHealthy(Duration timeout) {
        Http http = http();
        Poll.until("GET /health to answer 200 (log: " + log + ")", timeout, () -> {
            assertAlive();
            return http.get("/health");
        }, r -> r.status() == 200);
    }

    /** Waits (bounded) for the connection-key the container writes on first boot, and returns it. */
    public String awaitKey(Duration timeout) {
        Path keyFile = stateRoot.resolve("connection.key");
        return Poll.until("the connection-key file " + keyFile, timeout, () -> {
            try {
                return Files.exists(keyFile) ? Files.readString(keyFile).trim() : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, k -> !k.isEmpty());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits, bounded, for the process to end by itself; @return its exit code */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("nexo did not exit within " + timeout + "; log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Asks the process to end (SIGTERM) and waits, bounded; @return its exit code */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("nexo did not stop within " + timeout + " after SIGTERM; log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it ends the process anyway
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
