package dev.nexo.core.internal.http.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty server (the one Felix HTTP embeds), given our connector factory the way Felix's
 * tracker does (add, start): requests Jetty's parser refuses get the typed JSON error, the
 * server keeps exactly its own connector, and deactivation restores Jetty's handler.
 */
class TypedJettyErrorsTest {
    private Server server;
    private ServerConnector http;
    private final TypedJettyErrors factory = new TypedJettyErrors();

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        server.start();
        Connector extra = factory.createConnector(server); // what Felix's ConnectorFactoryTracker does
        server.addConnector(extra);
        extra.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), http.getLocalPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedEarly) {
                // Jetty answered and closed before reading it all
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(buf);
            } catch (SocketException reset) {
                // the answer arrived before the reset
            }
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anOversizedHeaderGetsA431WithTheTypedJsonError() throws Exception {
        String reply = raw("GET /admin/api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fuzz: " + "x".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 431 "), reply);
        assertTrue(reply.toLowerCase().contains("content-type: application/json"), reply);
        assertTrue(reply.endsWith("{\"error\":\"header_too_large\",\"message\":\"Request Header Fields Too Large\"}"), reply);
    }

    @Test
    void aMalformedHeaderLineGetsA400WithTheTypedJsonError() throws Exception {
        String reply = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
        assertTrue(reply.endsWith("{\"error\":\"bad_request\",\"message\":\"Bad Request\"}"), reply);
    }

    @Test
    void theServerKeepsOnlyItsOwnConnectorAndGetsItsHandlerBack() throws Exception {
        assertEquals(1, server.getConnectors().length, "the helper connector takes itself out");
        assertSame(http, server.getConnectors()[0]);
        assertTrue(server.getErrorHandler() instanceof TypedErrorHandler);
        factory.deactivate();
        ErrorHandler restored = server.getErrorHandler();
        assertTrue(restored != null && !(restored instanceof TypedErrorHandler), String.valueOf(restored));
        String reply = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400 ") && !reply.contains("\"error\""), "Jetty's own page again: " + reply);
    }
}
