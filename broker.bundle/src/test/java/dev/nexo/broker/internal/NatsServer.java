package dev.nexo.broker.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} on a free loopback port, for tests. Fails loudly when the binary is
 * missing ({@code .ci/run} installs the Debian package {@code nats-server}).
 */
final class NatsServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private NatsServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    static NatsServer start(Path dir) throws IOException, InterruptedException {
        NatsServer s = new NatsServer(freePort(), dir.resolve("nats-server.log"));
        s.start();
        return s;
    }

    static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator)) {
            Path p = Path.of(d, "nats-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String d : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin"}) {
            Path p = Path.of(d, "nats-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("nats-server not found on PATH: install it (Debian package nats-server; "
                + ".ci/run does) — the broker tests need a real server");
    }

    /** Starts (or restarts) the server on the same port. */
    void start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nats-server exited: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port);
    }

    /** Stops the server (SIGKILL: as abrupt as a crash). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
