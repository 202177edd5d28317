package dev.nexo.e2e.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * Malformed, oversized and misdirected requests against every agent and admin endpoint of the
 * trust surface, on the real distribution: each gets a 4xx (a typed JSON error wherever Nexo's
 * code is reached), never a 5xx, and the trust state is the same afterwards.
 */
class TrustFuzzIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static Container nexo;
    private static String key;
    private static String token;
    private static int requests;

    /** method, path, credential ("admin", "agent" or "none"). */
    private static final String[][] ENDPOINTS = {
        {"POST", "/admin/api/agents/connect", "admin"},
        {"GET", "/admin/api/agents", "admin"},
        {"DELETE", "/admin/api/agents/nobody", "admin"},
        {"GET", "/admin/api/grants", "admin"},
        {"DELETE", "/admin/api/grants/00000000-0000-0000-0000-000000000000", "admin"},
        {"GET", "/admin/api/approvals", "admin"},
        {"POST", "/admin/api/approvals/nope/approve", "admin"},
        {"POST", "/admin/api/approvals/nope/deny", "admin"},
        {"GET", "/admin/api/capabilities", "admin"},
        {"GET", "/admin/api/audit", "admin"},
        {"GET", "/admin/api/audit/verify", "admin"},
        {"GET", "/admin/api/pairing", "admin"},
        {"POST", "/admin/api/pairing/ABCDEFGH/approve", "admin"},
        {"POST", "/admin/api/pairing/ABCDEFGH/reject", "admin"},
        {"POST", "/admin/api/pairing/seed", "admin"},
        {"DELETE", "/admin/api/pairing/telegram/bot/nobody", "admin"},
        {"POST", "/admin/api/connection-key/rotate", "admin"},
        {"GET", "/admin/api/trust/bundles", "admin"},
        {"POST", "/admin/api/trust/bundles/acme.fuzz/grants/secrets", "admin"},
        {"POST", "/agent/api/enroll", "none"},
        {"GET", "/agent/api/capabilities", "agent"},
        {"GET", "/agent/api/capabilities/tool.nothing", "agent"},
        {"POST", "/agent/api/grants", "agent"},
        {"GET", "/agent/api/approvals/nope", "agent"},
        {"POST", "/agent/api/invoke/tool.nothing", "agent"},
        {"GET", "/.well-known/nexo", "none"},
    };

    @BeforeAll
    static void boot() throws Exception {
        nexo = Container.start("trust-fuzz");
        key = nexo.awaitAdmin("/admin/api/grants", BOOT);
        Poll.until("the agent gateway", BOOT, () -> nexo.send("GET", "/.well-known/nexo", null, null, null), r -> r.status() == 200);
        Reply connect = nexo.send("POST", "/admin/api/agents/connect", key, "application/json",
                "{\"name\":\"fuzzer\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, connect.status(), connect.toString());
        String code = connect.json().path("enrollmentCode").asText();
        token = nexo.send("POST", "/agent/api/enroll", null, "application/json",
                ("{\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8)).json().path("token").asText();
        nexo.send("POST", "/admin/api/pairing/seed", key, "application/json",
                "{\"channel\":\"telegram\",\"instance\":\"bot\",\"sender\":\"known\"}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nexo != null) {
            nexo.close();
        }
    }

    @Test
    void malformedOversizedAndMisdirectedRequestsGetTypedClientErrorsAndChangeNothing() {
        Map<String, String> before = state();
        List<String> failures = new ArrayList<>();
        for (String[] e : ENDPOINTS) {
            String bearer = "admin".equals(e[2]) ? key : "agent".equals(e[2]) ? token : null;
            for (Map.Entry<String, byte[]> body : bodies().entrySet()) {
                if (e[0].equals("GET") || e[0].equals("DELETE")) {
                    continue; // bodies only matter where one is read
                }
                expectClientError(failures, e[0], e[1], bearer, "application/json", body.getValue(), body.getKey());
            }
            if (e[0].equals("POST")) {
                expectClientError(failures, e[0], e[1], bearer, "text/plain", "not json".getBytes(StandardCharsets.UTF_8), "wrong media type");
            }
            for (String wrong : new String[] {"PUT", "PATCH"}) {
                expectClientError(failures, wrong, e[1], bearer, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "wrong method");
            }
            if (!"none".equals(e[2])) {
                String crossed = "admin".equals(e[2]) ? token : key;
                expectClientError(failures, e[0], e[1], crossed, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "other credential");
                expectClientError(failures, e[0], e[1], "nexo_agent_" + "A".repeat(4000), "application/json", "{}".getBytes(StandardCharsets.UTF_8), "oversized token");
            }
            expectTypedRaw(failures, e[0] + " " + e[1] + " with a 64 KiB header", 431, "header_too_large",
                    e[0] + " " + e[1] + " HTTP/1.1\r\nHost: {host}\r\nX-Fuzz: " + "x".repeat(64 * 1024)
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            expectTypedRaw(failures, e[0] + " " + e[1] + " with a malformed header line", 400, "bad_request",
                    e[0] + " " + e[1] + " HTTP/1.1\r\nHost: {host}\r\nNo colon here\r\nConnection: close\r\n\r\n");
            expectTypedRaw(failures, e[0] + " " + e[1] + " with a 16 KiB URI", 414, "uri_too_long",
                    e[0] + " " + e[1] + "?q=" + "u".repeat(16 * 1024) + " HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(requests >= 200, "the fuzz loop ran: " + requests + " requests");
        System.out.printf("trust fuzz: %d requests over %d endpoints, all 4xx%n", requests + ENDPOINTS.length, ENDPOINTS.length);
        assertEquals(before, state(), "refused requests changed nothing");
    }

    /** Someone with access to the database file edits an audit row: the chain check notices. */
    @Test
    void alteringAnAuditRowInTheDatabaseIsDetected() throws Exception {
        Reply before = nexo.send("GET", "/admin/api/audit/verify", key, null, null);
        assertTrue(before.json().path("ok").asBoolean(), before.toString());
        long rows = before.json().path("rows").asLong();
        assertTrue(rows >= 3, "setup left audit rows: " + before);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + nexo.stateRoot().resolve("data/auth/trust.db"));
                java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            assertEquals(1, st.executeUpdate("UPDATE audit SET outcome = 'allowed' WHERE seq = 2"));
        }
        Reply after = nexo.send("GET", "/admin/api/audit/verify", key, null, null);
        assertEquals(false, after.json().path("ok").asBoolean(), after.toString());
        assertEquals(2, after.json().path("brokenAt").asLong());
    }

    private static void expectClientError(List<String> failures, String method, String path, String bearer, String type,
            byte[] body, String what) {
        Reply r = nexo.send(method, path, bearer, type, body);
        requests++;
        String where = method + " " + path + " (" + what + "): " + r;
        if (r.status() < 400 || r.status() >= 500) {
            failures.add(where);
            return;
        }
        try {
            if (!r.json().path("error").isTextual()) {
                failures.add("untyped error for " + where);
            }
        } catch (RuntimeException notJson) {
            failures.add("non-JSON error for " + where);
        }
    }

    /** A request only a raw socket can send, refused by Jetty's parser: the status and the typed body. */
    private static void expectTypedRaw(List<String> failures, String what, int status, String code, String request) {
        Reply r = nexo.rawReply(request);
        requests++;
        if (r.status() != status) {
            failures.add(what + ": expected HTTP " + status + ", got " + r);
            return;
        }
        try {
            if (!code.equals(r.json().path("error").asText()) || !r.contentType().startsWith("application/json")) {
                failures.add("untyped error for " + what + ": " + r.contentType() + " " + r);
            }
        } catch (RuntimeException notJson) {
            failures.add("non-JSON error for " + what + ": " + r);
        }
    }

    @Test
    void requestsJettyRefusesOutsideAnyEndpointAlsoGetTypedErrors() {
        List<String> failures = new ArrayList<>();
        expectTypedRaw(failures, "a garbage request line", 400, "bad_request", "HELLO\r\n\r\n");
        expectTypedRaw(failures, "a bad URI encoding", 400, "bad_request",
                "GET /admin/api/%zz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        expectTypedRaw(failures, "a 64 KiB header on an unknown path", 431, "header_too_large",
                "GET /nowhere HTTP/1.1\r\nHost: {host}\r\nX-Fuzz: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static Map<String, byte[]> bodies() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("truncated JSON", "{\"name\":".getBytes(StandardCharsets.UTF_8));
        m.put("JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        m.put("JSON string", "\"hello\"".getBytes(StandardCharsets.UTF_8));
        m.put("wrong field types", "{\"name\":123,\"code\":[],\"capability\":{},\"window\":7,\"channel\":false}".getBytes(StandardCharsets.UTF_8));
        m.put("unknown window", "{\"name\":\"x\",\"capability\":\"tool.nothing\",\"window\":\"forever\",\"code\":\"nexo_enroll_x\"}".getBytes(StandardCharsets.UTF_8));
        m.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        m.put("oversized JSON", ("{\"name\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        m.put("1 MiB of garbage", "z".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
        m.put("deeply nested", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /** Everything the trust surface could change, as the admin API shows it. */
    private static Map<String, String> state() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String p : new String[] {"/admin/api/agents", "/admin/api/grants", "/admin/api/approvals", "/admin/api/pairing",
            "/admin/api/trust/bundles/policy", "/admin/api/capabilities"}) {
            Reply r = nexo.send("GET", p, key, null, null);
            assertEquals(200, r.status(), p + " " + r);
            s.put(p, r.body());
        }
        s.put("agent token works", String.valueOf(nexo.send("GET", "/agent/api/capabilities", token, null, null).status()));
        return s;
    }
}
