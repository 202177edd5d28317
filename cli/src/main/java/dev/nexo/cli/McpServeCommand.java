package dev.nexo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nexo mcp serve}: a stdio MCP server for local coding assistants. It bridges
 * newline-delimited JSON-RPC on stdin/stdout to the running container's Streamable HTTP endpoint
 * ({@code /mcp}) with an agent token, so the same trust policy, allowlist, rate limits and audit
 * apply as over HTTP, and no second copy of the container runs. stdout carries only protocol
 * frames; diagnostics go to stderr; the token is never printed.
 */
@Command(name = "mcp", exitCodeOnInvalidInput = NexoCli.USAGE, description = "Nexo as an MCP server.",
        subcommands = McpServeCommand.Serve.class)
final class McpServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return NexoCli.USAGE;
    }

    /** The stdio bridge. */
    @Command(name = "serve", exitCodeOnInvalidInput = NexoCli.USAGE, description = {
        "Serve MCP over stdin/stdout for a local MCP client (e.g. a coding assistant), relaying every message to the "
            + "running container's /mcp endpoint as the agent whose token is given.",
        "The token comes from --token-file, else $NEXO_AGENT_TOKEN; it is never printed."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--url", paramLabel = "URL",
                description = "Container base URL (default: $NEXO_ADMIN_URL, else <state>/admin.url, else http://127.0.0.1:7077).")
        String url;

        @Option(names = "--state", paramLabel = "DIR", description = "State root holding admin.url (default: $NEXO_HOME, else ~/.nexo).")
        Path state;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the agent token (nexo_agent_...).")
        Path tokenFile;

        @ParentCommand
        McpServeCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Function<String, String> env = spec.root().userObject() instanceof NexoCli cli ? cli.env() : System::getenv;
            PrintWriter err = spec.commandLine().getErr();
            String token;
            try {
                token = tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip() : env.apply("NEXO_AGENT_TOKEN");
            } catch (IOException e) {
                err.println("error: cannot read the token file " + tokenFile);
                err.flush();
                return ExitCodes.UNAUTHORIZED;
            }
            if (token == null || token.isBlank()) {
                err.println("error: no agent token: pass --token-file FILE or set NEXO_AGENT_TOKEN (enroll an agent: POST /admin/api/agents/connect, then /agent/api/enroll)");
                err.flush();
                return ExitCodes.UNAUTHORIZED;
            }
            URI endpoint = URI.create(AdminClient.resolveUrl(url, ConnectionKey.stateRoot(state, env), env).replaceAll("/+$", "") + "/mcp");
            return new Bridge(endpoint, token.strip(), err).run(System.in, System.out);
        }
    }

    /** Relays one line at a time, in order; keeps the session id and protocol version the container gave. */
    static final class Bridge {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI endpoint;
        private final String token;
        private final PrintWriter err;
        private String session;
        private String protocolVersion;

        Bridge(URI endpoint, String token, PrintWriter err) {
            this.endpoint = endpoint;
            this.token = token;
            this.err = err;
        }

        int run(InputStream stdin, PrintStream stdout) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        String reply = relay(line);
                        if (reply != null) {
                            stdout.print(reply + "\n");
                            stdout.flush();
                        }
                    }
                }
            } catch (IOException e) {
                err.println("error: reading stdin failed: " + e.getMessage());
            } finally {
                endSession();
                err.flush();
            }
            return ExitCodes.OK;
        }

        /** @return the line to write to stdout, or null when there is nothing to answer */
        String relay(String line) {
            JsonNode request = parse(line);
            JsonNode id = request == null ? null : request.get("id");
            boolean initialize = request != null && "initialize".equals(request.path("method").asText());
            if (initialize) {
                session = null; // a new initialize starts a new session
            }
            HttpResponse<String> r;
            try {
                r = http.send(request(line).POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println("error: cannot reach the Nexo container at " + endpoint + ": " + e.getMessage());
                err.flush();
                return id == null ? null : error(id, -32603, "cannot reach the Nexo container");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return id == null ? null : error(id, -32603, "interrupted");
            }
            r.headers().firstValue("Mcp-Session-Id").ifPresent(s -> session = s);
            if (r.statusCode() == 401) {
                err.println("error: the container refused the agent token (unknown, revoked, or the connection-key)");
                err.flush();
            } else if (r.statusCode() == 404) {
                session = null; // expired or container restarted: the client re-initializes
            }
            if (r.body() == null || r.body().isBlank()) {
                return null; // 202 for notifications and responses
            }
            JsonNode body = parse(r.body());
            if (body == null || !body.isObject()) {
                return id == null ? null : error(id, -32603, "unexpected reply from the container (HTTP " + r.statusCode() + ")");
            }
            if (initialize && body.path("result").path("protocolVersion").isTextual()) {
                protocolVersion = body.path("result").path("protocolVersion").asText();
            }
            ObjectNode out = (ObjectNode) body;
            if (id != null && (!out.has("id") || out.get("id").isNull())) {
                out.set("id", id); // e.g. the 401 body carries no id; a stdio client matches replies by id
            }
            return out.toString();
        }

        private HttpRequest.Builder request(String line) {
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(11))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + token);
            if (session != null) {
                b.header("Mcp-Session-Id", session);
            }
            if (protocolVersion != null) {
                b.header("MCP-Protocol-Version", protocolVersion);
            }
            return b;
        }

        private void endSession() {
            if (session == null) {
                return;
            }
            try {
                http.send(request("").DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the container is gone; its sessions with it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String session() {
            return session;
        }

        private static JsonNode parse(String s) {
            try {
                return JSON.readTree(s);
            } catch (IOException e) {
                return null;
            }
        }

        private static String error(JsonNode id, int code, String message) {
            ObjectNode o = JSON.createObjectNode();
            o.put("jsonrpc", "2.0");
            o.set("id", id);
            o.putObject("error").put("code", code).put("message", message);
            return o.toString();
        }
    }
}
