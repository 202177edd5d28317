package dev.nexo.plugin.host.internal.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.plugin.host.internal.manifest.ManifestException;
import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs any plugin through the nexo plugin contract v1.10 and reports pass/fail per rule. The same
 * checks the host makes at load time, plus the behaviour the contract asks of every plugin (unknown
 * methods, malformed input, notifications, tools, channels, shutdown). Used by
 * {@code nexo plugin conformance DIR}; plugin authors run it in their CI.
 */
public final class ConformanceKit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One rule's outcome. */
    public record Result(String rule, boolean passed, String detail) {
    }

    private final String hostVersion;

    public ConformanceKit(String hostVersion) {
        this.hostVersion = hostVersion;
    }

    /** Runs every rule against the plugin in {@code dir}; never throws for a misbehaving plugin. */
    public List<Result> run(Path dir) {
        List<Result> results = new ArrayList<>();
        PluginManifest m;
        try {
            m = new ManifestParser(hostVersion, true).parse(dir);
            results.add(new Result("manifest.valid", true, m.label() + (m.warnings().isEmpty() ? "" : ", warnings: "
                    + m.warnings())));
        } catch (ManifestException e) {
            results.add(new Result("manifest.valid", false, String.join("; ", e.problems())));
            return results;
        }
        results.add(printManifest(m));
        try (Session s = new Session(m)) {
            session(m, s, results);
        } catch (IOException e) {
            results.add(new Result("process.spawn", false, e.getMessage()));
        }
        return results;
    }

    private void session(PluginManifest m, Session s, List<Result> results) {
        JsonNode init = s.request("initialize", JSON.createObjectNode().put("nexo_version", hostVersion));
        String answered = init.path("result").path("manifest").path("plugin").path("id").asText("");
        boolean initOk = init.has("result") && m.id().equals(answered);
        results.add(new Result("handshake.initialize", initOk, init.isMissingNode() ? "no answer within "
                + TIMEOUT.toSeconds() + " s" : initOk ? "id " + answered + ", server_version "
                + init.path("result").path("server_version").asText("(none)") : "answered as '" + answered + "': " + init));
        if (!initOk) {
            return;
        }
        List<String> advertised = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (JsonNode t : init.path("result").path("tools")) {
            String name = t.path("name").asText("");
            advertised.add(name);
            if (!m.extensions().tools().contains(name) || !t.path("input_schema").isObject()) {
                bad.add(name);
            }
        }
        results.add(new Result("handshake.tools", bad.isEmpty() && (m.extensions().tools().isEmpty()
                || !advertised.isEmpty()), bad.isEmpty() ? "advertised " + advertised
                : "undeclared or schema-less tools: " + bad));
        JsonNode unknown = s.request("nexo.conformance.unknown_method", JSON.createObjectNode());
        results.add(rule("rpc.unknown_method", unknown.path("error").path("code").asInt() == -32601,
                "expected error -32601, got " + unknown));
        s.writeRaw("this line is not JSON");
        JsonNode after = s.request("nexo.conformance.after_garbage", JSON.createObjectNode());
        results.add(rule("rpc.survives_malformed_input", after.has("error") || after.has("result"),
                "no answer after a malformed line; the plugin must not die on bad input"));
        s.notify("nexo.conformance.notification", JSON.createObjectNode());
        List<JsonNode> stray = s.drain(Duration.ofMillis(300));
        results.add(rule("rpc.no_reply_to_notifications", stray.stream().noneMatch(f -> f.has("id")),
                "answered a notification: " + stray));
        if (!m.extensions().tools().isEmpty()) {
            JsonNode missing = s.request("tool.invoke", JSON.createObjectNode().put("plugin_id", m.id())
                    .put("tool_name", m.id() + "_conformance_missing").put("agent_id", "conformance").set("args",
                            JSON.createObjectNode()));
            int code = missing.path("error").path("code").asInt();
            results.add(rule("tool.unknown_tool", code == -33401 || code == -32601,
                    "expected error -33401 for an unknown tool, got " + missing));
            for (String tool : advertised) {
                JsonNode r = s.request("tool.invoke", JSON.createObjectNode().put("plugin_id", m.id())
                        .put("tool_name", tool).put("agent_id", "conformance").set("args", JSON.createObjectNode()));
                boolean wellFormed = r.has("result") || r.path("error").path("code").isInt();
                results.add(rule("tool.answers:" + tool, wellFormed, "no well-formed answer to tool.invoke: " + r));
            }
        }
        for (String kind : m.extensions().channels()) {
            JsonNode start = s.request("channel.start", JSON.createObjectNode().put("kind", kind).putNull("instance"));
            JsonNode stop1 = s.request("channel.stop", JSON.createObjectNode().put("kind", kind));
            JsonNode stop2 = s.request("channel.stop", JSON.createObjectNode().put("kind", kind));
            results.add(rule("channel.start_stop:" + kind, start.has("result") && stop1.has("result")
                    && stop2.has("result"), "channel.start/stop (twice, idempotent) must succeed: " + start + stop1 + stop2));
        }
        JsonNode shutdown = s.request("shutdown", JSON.createObjectNode().put("reason", "conformance"));
        boolean exited = s.waitForExit(Duration.ofSeconds(2));
        results.add(rule("lifecycle.shutdown", shutdown.path("result").path("ok").asBoolean(false) && exited,
                "expected {ok:true} then exit within the 1 s grace; got " + shutdown + (exited ? "" : ", still running")));
        results.add(rule("stdout.only_json_rpc", s.nonJson.isEmpty(), "non-JSON lines on stdout: " + s.nonJson));
    }

    private Result printManifest(PluginManifest m) {
        try {
            Process p = new ProcessBuilder(command(m, "--print-manifest")).directory(m.dir().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(2, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            boolean ok = done && p.exitValue() == 0 && out.contains("\"" + m.id() + "\"");
            return rule("probe.print_manifest", ok, "--print-manifest must print the manifest and exit 0 within 2 s");
        } catch (IOException | InterruptedException e) {
            return new Result("probe.print_manifest", false, e.getMessage());
        }
    }

    private static Result rule(String name, boolean ok, String whyNot) {
        return new Result(name, ok, ok ? "" : whyNot);
    }

    static List<String> command(PluginManifest m, String... extra) {
        List<String> cmd = new ArrayList<>();
        String c = m.entrypoint().command();
        cmd.add(c.contains("/") && !c.startsWith("/") ? m.dir().resolve(c).normalize().toString() : c);
        cmd.addAll(m.entrypoint().args());
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** A raw session with the child: frames in order, non-JSON lines recorded, nothing interpreted. */
    private static final class Session implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final List<String> nonJson = new java.util.concurrent.CopyOnWriteArrayList<>();
        long nextId = 1;

        Session(PluginManifest m) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command(m)).directory(m.dir().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("NEXO_PLUGIN_ID", m.id());
            process = pb.start();
            in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            JsonNode n = JSON.readTree(line);
                            if (n != null && n.isObject()) {
                                frames.add(n);
                                continue;
                            }
                        } catch (IOException e) {
                            // recorded below
                        }
                        nonJson.add(line.length() > 100 ? line.substring(0, 100) + "…" : line);
                    }
                } catch (IOException e) {
                    // process ended
                }
            }, "nexo-conformance-reader");
            reader.setDaemon(true);
            reader.start();
        }

        JsonNode request(String method, JsonNode params) {
            long id = nextId++;
            ObjectNode f = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            f.set("params", params);
            writeRaw(f.toString());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    JsonNode n = frames.poll(50, TimeUnit.MILLISECONDS);
                    if (n != null && n.path("id").asLong(-1) == id && !n.has("method")) {
                        return n;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }

        void notify(String method, JsonNode params) {
            ObjectNode f = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
            f.set("params", params);
            writeRaw(f.toString());
        }

        void writeRaw(String line) {
            try {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                // the child is gone; the next request reports it
            }
        }

        List<JsonNode> drain(Duration wait) {
            List<JsonNode> out = new ArrayList<>();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frames.drainTo(out);
            out.removeIf(f -> f.has("method"));
            return out;
        }

        boolean waitForExit(Duration d) {
            try {
                return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
