package dev.nexo.mcp.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.trust.AgentPrincipal;

/**
 * The Streamable HTTP transport at {@code /mcp}: {@code POST} carries one JSON-RPC message and is
 * answered with one JSON body ({@code 202} for notifications); {@code DELETE} ends a session
 * (204/404, and ends its event stream); {@code GET} opens the session's server-initiated event stream
 * ({@code text/event-stream}, see {@link NotificationStreams}): 406 unless the client accepts
 * {@code text/event-stream}, 409 when the session has one open, 503 when too many are. Every method
 * first authenticates; every refusal is the same 401 body, whatever was wrong with the credential.
 */
final class McpServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The one body every authentication failure gets (missing, wrong, malformed, connection-key). */
    static final String UNAUTHORIZED = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"unauthorized\"}}";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final Logger LOG = LoggerFactory.getLogger(McpServlet.class);

    /** Who presents a credential; empty refuses. */
    interface Authenticator {
        /** @param bearer the credential from the request, or null when none was sent */
        Optional<AgentPrincipal> authenticate(String bearer);
    }

    private final transient Authenticator auth;
    private final transient Sessions sessions;
    private final transient McpDispatcher dispatcher;
    private final transient McpMetrics metrics;
    private final transient NotificationStreams streams;
    private final int bodyMax;

    McpServlet(Authenticator auth, Sessions sessions, McpDispatcher dispatcher, McpMetrics metrics, int bodyMax,
            NotificationStreams streams) {
        this.auth = auth;
        this.streams = streams;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.bodyMax = bodyMax;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AgentPrincipal> who = authenticate(req, resp);
        if (who.isEmpty()) {
            return;
        }
        byte[] body = readBody(req);
        if (body == null) {
            json(resp, 413, Frames.error(null, new RpcError(RpcError.INVALID_REQUEST, "request body larger than " + bodyMax + " bytes")));
            return;
        }
        ObjectNode msg;
        try {
            msg = Frames.parse(body);
        } catch (RpcError e) {
            json(resp, 400, Frames.error(null, e));
            return;
        }
        if (!msg.has("method")) {
            resp.setStatus(202); // a client's response: we send no server requests, nothing to route it to
            return;
        }
        if ("initialize".equals(msg.path("method").asText()) && req.getHeader(SESSION_HEADER) == null) {
            initialize(msg, who.get(), resp);
            return;
        }
        Optional<Sessions.Session> session = sessions.find(req.getHeader(SESSION_HEADER), who.get());
        if (session.isEmpty()) {
            json(resp, 404, Frames.error(msg.get("id"), new RpcError(RpcError.UNAUTHORIZED, "Session not found")));
            return;
        }
        String version = req.getHeader(VERSION_HEADER);
        if (version != null && !McpDispatcher.PROTOCOL_VERSIONS.contains(version)) {
            json(resp, 400, Frames.error(msg.get("id"), new RpcError(RpcError.INVALID_REQUEST, "unsupported MCP-Protocol-Version")));
            return;
        }
        ObjectNode reply = dispatcher.handle(msg, who.get());
        if (reply == null) {
            resp.setStatus(202);
            return;
        }
        resp.setHeader(SESSION_HEADER, session.get().id());
        json(resp, 200, reply);
    }

    private void initialize(ObjectNode msg, AgentPrincipal who, HttpServletResponse resp) throws IOException {
        JsonNode id = msg.get("id");
        if (id == null) {
            json(resp, 400, Frames.error(null, new RpcError(RpcError.INVALID_REQUEST, "initialize must be a request with an id")));
            return;
        }
        String version = McpDispatcher.negotiate(msg.path("params").path("protocolVersion").asText(null));
        Optional<Sessions.Session> s = sessions.open(who, version);
        if (s.isEmpty()) {
            json(resp, 503, Frames.error(id, new RpcError(RpcError.OVERLOADED, "too many open sessions")));
            return;
        }
        LOG.debug("MCP session {} opened for agent {} (protocol {})", s.get().id(), who.agentId(), version);
        resp.setHeader(SESSION_HEADER, s.get().id());
        json(resp, 200, Frames.result(id, dispatcher.initializeResult(version)));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AgentPrincipal> who = authenticate(req, resp);
        if (who.isEmpty()) {
            return;
        }
        String accept = req.getHeader("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            json(resp, 406, Frames.error(null, new RpcError(RpcError.INVALID_REQUEST, "Not Acceptable: accept text/event-stream")));
            return;
        }
        Optional<Sessions.Session> session = sessions.find(req.getHeader(SESSION_HEADER), who.get());
        if (session.isEmpty()) {
            json(resp, 404, Frames.error(null, new RpcError(RpcError.UNAUTHORIZED, "Session not found")));
            return;
        }
        String version = req.getHeader(VERSION_HEADER);
        if (version != null && !McpDispatcher.PROTOCOL_VERSIONS.contains(version)) {
            json(resp, 400, Frames.error(null, new RpcError(RpcError.INVALID_REQUEST, "unsupported MCP-Protocol-Version")));
            return;
        }
        NotificationStreams.Result opened = streams.open(session.get(), req.getHeader("Last-Event-ID"));
        if (opened.refusal() == NotificationStreams.Refusal.ALREADY_OPEN) {
            json(resp, 409, Frames.error(null, new RpcError(RpcError.INVALID_REQUEST, "Conflict: the session has an event stream open")));
            return;
        }
        if (opened.refusal() != null) {
            resp.setHeader("Retry-After", "30");
            json(resp, 503, Frames.error(null, new RpcError(RpcError.OVERLOADED, "too many event streams")));
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader(SESSION_HEADER, session.get().id());
        resp.flushBuffer();
        LOG.debug("MCP session {}: event stream opened", session.get().id());
        opened.stream().serve(resp.getOutputStream());
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AgentPrincipal> who = authenticate(req, resp);
        if (who.isEmpty()) {
            return;
        }
        String id = req.getHeader(SESSION_HEADER);
        if (sessions.find(id, who.get()).isEmpty()) {
            json(resp, 404, Frames.error(null, new RpcError(RpcError.UNAUTHORIZED, "Session not found")));
            return;
        }
        sessions.close(id);
        streams.end(id);
        resp.setStatus(204);
    }

    private Optional<AgentPrincipal> authenticate(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AgentPrincipal> who;
        try {
            who = auth.authenticate(bearer(req));
        } catch (RuntimeException e) {
            LOG.warn("MCP authentication failed with an error; refusing", e);
            who = Optional.empty();
        }
        if (who.isEmpty()) {
            metrics.authFailure();
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"nexo-mcp\"");
            resp.setStatus(401);
            resp.setContentType("application/json");
            resp.getOutputStream().write(UNAUTHORIZED.getBytes(StandardCharsets.UTF_8));
        }
        return who;
    }

    /** @return the credential from {@code Authorization: Bearer} or {@code Mcp-Auth-Token}, or null */
    static String bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        if (h != null) {
            return ""; // another scheme: a credential, but never a valid one
        }
        return req.getHeader("Mcp-Auth-Token");
    }

    /** @return the body, or null when it is larger than allowed */
    private byte[] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > bodyMax) {
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(bodyMax + 1);
            return b.length > bodyMax ? null : b;
        }
    }

    private static void json(HttpServletResponse resp, int status, ObjectNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.getOutputStream().write(Frames.JSON.writeValueAsBytes(body));
    }
}
