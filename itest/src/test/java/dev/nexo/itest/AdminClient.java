package dev.nexo.itest;

import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleContext;

import dev.nexo.test.support.http.LoopbackHttp;
import dev.nexo.test.support.http.Reply;

/** A small HTTP client for the container's loopback admin server, holding the connection-key. */
public final class AdminClient {
    private final LoopbackHttp http;
    private final String key;

    private AdminClient(LoopbackHttp http, String key) {
        this.http = http;
        this.key = key;
    }

    /** A client for the framework's admin server: its port and connection-key (waits for the key file). */
    public static AdminClient forFramework(BundleContext context, Duration wait) {
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        String key = LoopbackHttp.awaitKey(Path.of(context.getProperty("nexo.state.root")), wait);
        return new AdminClient(new LoopbackHttp(port, Duration.ofSeconds(10)), key);
    }

    /** @return a client for the same server that sends no connection-key */
    public AdminClient withoutKey() {
        return new AdminClient(http, null);
    }

    public Reply get(String path) {
        return http.sendJson("GET", path, key, null);
    }

    /** POSTs a JSON body. */
    public Reply post(String path, String json) {
        return http.sendJson("POST", path, key, json);
    }
}
