package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated settings of one MCP server. {@link #from(ServerConfig)} reports every problem in
 * words (the server then shows as failed on the admin API instead of starting).
 */
record ServerSettings(String name, boolean stdio, List<String> command, Map<String, String> env, Path cwd,
        URI url, Map<String, String> headers, Set<String> readTools, Duration connectTimeout, Duration callTimeout,
        Duration shutdownGrace, Duration idleStop, boolean passthrough, Duration debounce, Duration restartBase,
        Duration restartCap, Set<String> uriSchemes, boolean eager) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    static ServerSettings from(ServerConfig c) {
        String name = c.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("MCP server name must be 1..32 characters of [A-Za-z0-9_-]: " + name);
        }
        boolean stdio = "stdio".equals(c.transport_type());
        List<String> command = new ArrayList<>();
        URI url = null;
        if (stdio) {
            if (c.transport_command() == null || c.transport_command().isBlank()) {
                throw new IllegalArgumentException("MCP server " + name + ": transport.command is required for stdio");
            }
            command.add(c.transport_command());
            command.addAll(List.of(c.transport_args()));
        } else if ("http".equals(c.transport_type())) {
            if ("sse".equals(c.transport_mode())) {
                throw new IllegalArgumentException("MCP server " + name + ": the legacy SSE transport is not supported; "
                        + "use mode streamable_http or auto");
            }
            url = URI.create(c.transport_url() == null ? "" : c.transport_url());
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("MCP server " + name + ": transport.url must be an http(s) URL");
            }
        } else {
            throw new IllegalArgumentException("MCP server " + name + ": transport.type must be stdio or http");
        }
        String startup = c.startup() == null || c.startup().isBlank() ? "lazy" : c.startup();
        if (!"lazy".equals(startup) && !"eager".equals(startup)) {
            throw new IllegalArgumentException("MCP server " + name + ": startup must be lazy or eager, not " + startup);
        }
        String cwd = c.transport_cwd();
        return new ServerSettings(name, stdio, command, stringMap(name, "env", c.transport_env()),
                cwd == null || cwd.isBlank() ? null : Path.of(cwd), url, stringMap(name, "headers", c.transport_headers()),
                Set.of(c.read__tools()), Duration.ofMillis(c.connect__timeout__ms()), Duration.ofMillis(c.call__timeout__ms()),
                Duration.ofMillis(c.shutdown__grace__ms()), parseDuration(c.session__ttl()), c.context_passthrough(),
                Duration.ofMillis(c.watch_debounce__ms()), Duration.ofMillis(Math.max(1, c.restart_initial__backoff__ms())),
                Duration.ofMillis(Math.max(c.restart_initial__backoff__ms(), c.restart_max__backoff__ms())),
                Set.of(c.resource__uri__allowlist()), "eager".equals(startup));
    }

    private static Map<String, String> stringMap(String server, String field, String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) {
                throw new IllegalArgumentException("MCP server " + server + ": transport." + field + " must be a mapping");
            }
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("MCP server " + server + ": transport." + field + " is not a mapping");
        }
    }

    /** Parses durations such as {@code 30m}, {@code 1h 30m}, {@code 500ms} or {@code 0}. */
    static Duration parseDuration(String text) {
        if (text == null || text.isBlank() || text.strip().equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(text);
        Duration d = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return d;
    }

    /** @return whether the operator marked this tool read (by MCP name or exposed name) */
    boolean isRead(String mcpName, String exposedName) {
        return readTools.contains(mcpName) || readTools.contains(exposedName);
    }

    /**
     * @return a digest of what the server is (command and folder, or URL; not its secrets, so
     *         rotating a token keeps grants): tools carry it as {@code nexo.trust.target}, so
     *         pointing a server at different code purges the grants given to its tools
     */
    String targetDigest() {
        String identity = stdio ? "stdio\n" + String.join("\n", command) + "\n" + cwd : "http\n" + url;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "mcp:" + name + ":" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
