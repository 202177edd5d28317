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

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.LoopbackHttp;

/**
 * The built {@code nexo.jar} running as its own process, the way an operator starts it: a fresh
 * state root, a free loopback port, output to a log file. {@link #close()} always ends it; a JVM
 * shutdown hook ends it too if the test JVM goes away first, so no container outlives a run.
 */
public final class NexoProcess implements AutoCloseable {
    /** How long the usual test waits for the container to boot (health, readiness). */
    public static final Duration BOOT = Duration.ofSeconds(60);
    /** How long the usual test waits for one thing to happen once the container runs. */
    public static final Duration WAIT = Duration.ofSeconds(30);

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

    /**
     * Prepares a run the way most tests start the container: a fresh directory {@code <name>-*}
     * under {@code nexo.e2e.work} holding {@code state/} (created by the container) and, once a
     * config file is written, {@code config/} (passed as {@code -Dnexo.config.dir}); the log goes to
     * {@code nexo.e2e.logs/nexo-<run dir>.log}.
     */
    public static Launch launch(String name) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        return new Launch(Files.createTempDirectory(work, name + "-"));
    }

    /** A run being prepared: config files and JVM arguments, then {@link #start()}. */
    public static final class Launch {
        private final Path run;
        private final List<String> jvmArgs = new ArrayList<>();
        private boolean withConfig;

        private Launch(Path run) {
            this.run = run;
        }

        /** Writes {@code content} to {@code file} (relative, e.g. {@code plugins/telegram.yaml}) in the config dir. */
        public Launch config(String file, String content) throws IOException {
            Path target = configDir().resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, content);
            return this;
        }

        /** @return the config dir, created now; the container is started with it */
        public Path configDir() throws IOException {
            withConfig = true;
            return Files.createDirectories(run.resolve("config"));
        }

        /** Adds a JVM argument such as {@code -Dnexo.log.format=json}. */
        public Launch jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** @return the run directory (parent of {@code state/} and {@code config/}) */
        public Path runDir() {
            return run;
        }

        /** @return the state root the container will create */
        public Path stateRoot() {
            return run.resolve("state");
        }

        /** @return the log file the container's output goes to */
        public Path log() {
            return Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath()
                    .resolve("nexo-" + run.getFileName() + ".log");
        }

        /** Starts {@code nexo.jar} (system property {@code nexo.dist.jar}) for this run. */
        public NexoProcess start() {
            List<String> args = new ArrayList<>(jvmArgs);
            if (withConfig) {
                args.add("-Dnexo.config.dir=" + run.resolve("config"));
            }
            return NexoProcess.start(Path.of(System.getProperty("nexo.dist.jar")), stateRoot(), log(), args);
        }
    }

    public int port() {
        return port;
    }

    public Path stateRoot() {
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

    /** Waits (bounded) until {@code GET /health} and then {@code GET /ready} answer 200. */
    public void awaitReady(Duration timeout) {
        awaitHealthy(timeout);
        Http http = http();
        Poll.until("GET /ready to answer 200 (log: " + log + ")", timeout, () -> {
            assertAlive();
            return http.get("/ready");
        }, r -> r.status() == 200);
    }

    /** Waits (bounded) for the connection-key the container writes on first boot, and returns it. */
    public String awaitKey(Duration timeout) {
        return LoopbackHttp.awaitKey(stateRoot, timeout);
    }

    /** @return a client that sends the connection-key, once it exists (waits, bounded, for it) */
    public Http admin(Duration timeout) {
        return http().withKey(awaitKey(timeout));
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

    /** @return a TCP port free on the loopback address right now */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
