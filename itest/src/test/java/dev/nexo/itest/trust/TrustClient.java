package dev.nexo.itest.trust;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleContext;

import dev.nexo.test.support.http.LoopbackHttp;
import dev.nexo.test.support.http.Reply;

/** HTTP against the framework's loopback server with any bearer credential (or none), JSON bodies. */
final class TrustClient {
    private final LoopbackHttp http;
    private final Path stateRoot;

    TrustClient(BundleContext context) {
        this.http = new LoopbackHttp(Integer.parseInt(context.getProperty("org.osgi.service.http.port")), Duration.ofSeconds(15));
        this.stateRoot = Path.of(context.getProperty("nexo.state.root"));
    }

    /** @return the current connection-key, waiting for the file on first boot */
    String adminKey() {
        return LoopbackHttp.awaitKey(stateRoot, Duration.ofSeconds(30));
    }

    Reply get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    Reply post(String path, String bearer, String json) {
        return send("POST", path, bearer, json);
    }

    Reply delete(String path, String bearer) {
        return send("DELETE", path, bearer, null);
    }

    Reply send(String method, String path, String bearer, String json) {
        return http.sendJson(method, path, bearer, json);
    }

    /** An agent enrolled through the admin API: its one-time code and the token it got for it. */
    record Enrolled(String code, String token) {
    }

    /** Connects agent {@code name} with the connection-key and enrolls it with the code (each answers 201). */
    Enrolled enroll(String key, String name) {
        Reply connect = post("/admin/api/agents/connect", key, "{\"name\":\"" + name + "\"}");
        assertEquals(connect.toString(), 201, connect.status());
        String code = connect.json().path("enrollmentCode").asText();
        Reply token = post("/agent/api/enroll", null, "{\"code\":\"" + code + "\"}");
        assertEquals(token.toString(), 201, token.status());
        return new Enrolled(code, token.json().path("token").asText());
    }
}
