package dev.nexo.e2e.broker;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} on a loopback port. Fails loudly when
 * the binary is missing: {@code .ci/run} installs the Debian package.
 */
final class NatsServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private final Path jetStreamDir;

    NatsServer(int port, Path dir) {
        this(port, dir, false);
    }

    /** @param jetStream start with JetStream, storing under {@code dir} */
    NatsServer(int port, Path dir, boolean jetStream) {
        this.port = port;
        this.log = dir.resolve("nats-server.log");
        this.jetStreamDir = jetStream ? dir.resolve("jetstream") : null;
    }

    static String binary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/usr/local/bin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nats-server"))) {
                return Path.of(d, "nats-server").toString();
            }
        }
        throw new IllegalStateException("nats-server not found: install the Debian package nats-server (.ci/run does)");
    }

    NatsServer start() throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        java.util.List<String> cmd = new java.util.ArrayList<>(
                java.util.List.of(binary(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        if (jetStreamDir != null) {
            cmd.addAll(java.util.List.of("-js", "-sd", jetStreamDir.toString()));
        }
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nats-server exited: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port);
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
