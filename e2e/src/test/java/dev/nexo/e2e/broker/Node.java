package dev.nexo.e2e.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.nexo.e2e.NexoProcess;

/**
 * One Nexo container process for the broker tests: the built {@code nexo.jar} with its own state
 * root, a config dir holding {@code broker.yaml}, and the broker test fixture in its deploy dir.
 * {@link #kill()} is {@code kill -9}.
 */
final class Node implements AutoCloseable {
    private final Path stateRoot;
    private final Path configDir;
    private final Path log;
    private final List<String> props;
    private Process process;
    private Thread reaper;

    /** A node whose {@code broker.yaml} points at {@code natsUrl}. */
    static Node nats(Path dir, String natsUrl, List<String> props) throws IOException {
        return new Node(dir, "broker:\n  type: nats\n  url: " + natsUrl + "\n", props);
    }

    /** A node with the given {@code broker.yaml}. */
    static Node withBrokerYaml(Path dir, String brokerYaml, List<String> props) throws IOException {
        return new Node(dir, brokerYaml, props);
    }

    private Node(Path dir, String brokerYaml, List<String> props) throws IOException {
        this.stateRoot = Files.createDirectories(dir.resolve("state"));
        this.configDir = Files.createDirectories(dir.resolve("config"));
        this.log = dir.resolve("nexo.log");
        this.props = props;
        Files.writeString(configDir.resolve("broker.yaml"), brokerYaml);
        Path deploy = Files.createDirectories(stateRoot.resolve("deploy"));
        Path fixture = Path.of(System.getProperty("nexo.broker.fixture"));
        Files.copy(fixture, deploy.resolve("dev.nexo.broker.fixture.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("nexo.dist.jar", "../distribution/target/nexo.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("distribution jar not found: " + jar + " (build the distribution first)");
        }
        return jar;
    }

    /** Starts the container with {@code extra} system properties added to those given at construction. */
    Node start(String... extra) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djdk.util.zip.disableZip64ExtraFieldValidation=true");
        cmd.add("-Dnexo.state.root=" + stateRoot);
        cmd.add("-Dnexo.config.dir=" + configDir);
        cmd.add("-Dorg.osgi.service.http.port=" + NexoProcess.freePort());
        cmd.addAll(props);
        cmd.addAll(List.of(extra));
        cmd.add("-jar");
        cmd.add(jar().toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        Process p = process;
        reaper = new Thread(p::destroyForcibly, "nexo-broker-e2e-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        return this;
    }

    Path stateRoot() {
        return stateRoot;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
            removeReaper();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
        removeReaper();
    }

    private void removeReaper() {
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook ends the process anyway
            }
            reaper = null;
        }
    }
}
