package dev.nexo.mcp.client.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP stdio transport: a child process per server, newline-delimited JSON-RPC on its stdin and
 * stdout, its stderr copied to the log. Writes go through one writer thread so a child that stops
 * reading never blocks a tool call; a line on stdout that is not a JSON object is logged and skipped
 * (some servers print banners there).
 */
public final class StdioTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final String server;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path cwd;
    private final Duration grace;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Process process;
    private OutputStream stdin;
    private ExecutorService writer;
    private Thread reader;
    private Thread stderr;

    /**
     * @param server the server's name, for thread names and logs
     * @param command the executable and its arguments
     * @param env variables added to the inherited environment (values are secrets: never logged)
     * @param cwd working directory, or null for the container's
     * @param grace how long {@link #close()} waits for the child to exit after closing its stdin
     */
    public StdioTransport(String server, List<String> command, Map<String, String> env, Path cwd, Duration grace) {
        this.server = server;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.grace = grace;
    }

    @Override
    public void start(Listener listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        process = pb.start();
        stdin = process.getOutputStream();
        writer = Executors.newSingleThreadExecutor(r -> daemon(r, "nexo-mcp-" + server + "-writer"));
        reader = daemon(() -> readLoop(listener), "nexo-mcp-" + server + "-stdout");
        stderr = daemon(this::stderrLoop, "nexo-mcp-" + server + "-stderr");
        reader.start();
        stderr.start();
        LOG.info("mcp server {}: started {} (pid {})", server, command.get(0), process.pid());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void readLoop(Listener listener) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_LINE_CHARS) {
                    LOG.warn("mcp server {}: skipped a {}-character line on stdout", server, line.length());
                    continue;
                }
                JsonNode message;
                try {
                    message = JSON.readTree(line);
                } catch (IOException e) {
                    message = null;
                }
                if (message == null || !message.isObject()) {
                    LOG.warn("mcp server {}: skipped a stdout line that is not a JSON-RPC message", server);
                    continue;
                }
                listener.onMessage(message);
            }
        } catch (IOException e) {
            LOG.debug("mcp server {}: stdout ended: {}", server, e.toString());
        }
        if (!closed.get()) {
            listener.onClosed(exitReason());
        }
    }

    private String exitReason() {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return "the process exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the process closed its stdout";
    }

    private void stderrLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.info("mcp server {} stderr: {}", server, line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public CompletableFuture<Void> send(JsonNode message) {
        if (closed.get() || writer == null) {
            return CompletableFuture.failedFuture(new IOException("mcp server " + server + " is not running"));
        }
        byte[] line = (message.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    stdin.write(line);
                    stdin.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, writer);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("mcp server " + server + " is not running"));
        }
    }

    @Override
    public String describe() {
        return "stdio:" + command.get(0);
    }

    /** @return the child's process id, or -1 before start */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || process == null) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(200, TimeUnit.MILLISECONDS);
            stdin.close();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy); // e.g. node under npx
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        writer.shutdownNow();
        LOG.info("mcp server {}: stopped", server);
    }
}
