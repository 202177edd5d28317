package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;

/**
 * The {@code GET /mcp} event stream over real HTTP: the servlet in a Jetty 9.4 (the one the
 * runtime's Felix HTTP bundle embeds), read by the JDK HTTP client line by line.
 */
class McpEventStreamTest {
    private static final String TOKEN = "nexo_agent_good";
    private static final String OTHER = "nexo_agent_other";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String LIST_CHANGED = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Fakes.Policy trust = new Fakes.Policy();
    private final Sessions sessions = new Sessions(60_000, 10, System::currentTimeMillis);
    private ScheduledExecutorService scheduler;
    private ToolCatalog catalog;
    private NotificationStreams streams;
    private Server jetty;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        // agent "other" sees only other_* tools
        catalog = new ToolCatalog(trust, new ToolCatalog.Policy(List.of(), List.of("other:other_*"), false, true, false));
        addTool("notes_read");
        McpDispatcher d = new McpDispatcher("nexo", "0.1.0", catalog, trust, new RateLimiter(0, 1, System::nanoTime),
                new ConcurrencyGate(4, 0), Duration.ofSeconds(5), Duration.ZERO, new McpMetrics());
        streams = new NotificationStreams(who -> catalog.visible(who).stream().map(t -> t.descriptor().name()).toList(),
                sessions, scheduler, Duration.ofMillis(300), Duration.ofMillis(50));
        McpServlet.Authenticator auth = bearer -> TOKEN.equals(bearer) ? Optional.of(new AgentPrincipal("coder", "default"))
                : OTHER.equals(bearer) ? Optional.of(new AgentPrincipal("other", "default")) : Optional.empty();
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(new McpServlet(auth, sessions, d, new McpMetrics(), 65536, streams)), "/mcp");
        jetty.setHandler(ctx);
        jetty.start();
        endpoint = URI.create("http://127.0.0.1:" + ((org.eclipse.jetty.server.ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp");
    }

    @AfterEach
    void stop() throws Exception {
        streams.closeAll(Duration.ofSeconds(5));
        jetty.stop();
        scheduler.shutdownNow();
    }

    private void addTool(String name) {
        Fakes.EchoTool t = new Fakes.EchoTool(name, Sensitivity.READ);
        trust.register(t, Provenance.FIRST_PARTY, "dev.nexo.core");
        catalog.add(t);
    }

    private String initialize(String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"listChanged\":true"), "the server announces list_changed: " + r.body());
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private HttpRequest.Builder get(String token, String sid) {
        return HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token).header("Mcp-Session-Id", sid)
                .header("Accept", "text/event-stream").header("MCP-Protocol-Version", "2025-06-18").GET();
    }

    /** An open event stream: its lines arrive in a queue, read by a background thread. */
    private final class Events {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> read = new java.util.ArrayList<>();
        volatile boolean ended;

        Events(String token, String sid) throws Exception {
            this(token, sid, null);
        }

        /** @param lastEventId sent as {@code Last-Event-ID} when not null */
        Events(String token, String sid, String lastEventId) throws Exception {
            HttpRequest.Builder request = get(token, sid);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(() -> {
                try {
                    Iterator<String> it = response.body().iterator();
                    while (it.hasNext()) {
                        lines.add(it.next());
                    }
                } catch (RuntimeException e) {
                    // the connection went away
                } finally {
                    ended = true;
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** @return the next line that starts with {@code prefix}, failing after 10 s */
        String next(String prefix) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null) {
                    read.add(l);
                }
                if (l != null && l.startsWith(prefix)) {
                    return l;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "' within 10 s");
        }

        void awaitEnd() throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ended && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(ended, "the stream ended");
        }
    }

    @Test
    void aSessionsStreamCarriesToolsListChangedWhenItsAgentsToolsChangeAndKeepAlives() throws Exception {
        String sid = initialize(TOKEN);
        Events events = new Events(TOKEN, sid);

        assertEquals(200, events.response.statusCode());
        assertEquals("text/event-stream", events.response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(sid, events.response.headers().firstValue("Mcp-Session-Id").orElse(null));
        assertNotNull(events.next(": keep-alive"), "an idle stream gets keep-alive comments");

        addTool("notes_write");
        streams.toolsChanged();

        assertEquals("event: message", events.next("event:"));
        assertEquals(LIST_CHANGED, events.next("data:"));
    }

    @Test
    void aChangeAnAgentCannotSeeIsNotSentToIt() throws Exception {
        String mine = initialize(TOKEN);
        String theirs = initialize(OTHER);
        Events coder = new Events(TOKEN, mine);
        Events other = new Events(OTHER, theirs);
        coder.next(": keep-alive");
        other.next(": keep-alive");

        addTool("notes_archive"); // not other_*: invisible to agent "other"
        streams.toolsChanged();
        assertEquals(LIST_CHANGED, coder.next("data:"));
        addTool("other_tool");
        streams.toolsChanged();

        assertEquals(LIST_CHANGED, other.next("data:"));
        other.next(": keep-alive");
        assertEquals(1, other.read.stream().filter(l -> l.startsWith("data:")).count(), "exactly one notification for other");
    }

    @Test
    void oneStreamPerSessionAndItEndsWithTheSession() throws Exception {
        String sid = initialize(TOKEN);
        Events events = new Events(TOKEN, sid);
        events.next(": nexo");

        HttpResponse<String> second = http.send(get(TOKEN, sid).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(409, second.statusCode(), "one stream per session");
        HttpResponse<String> notAccepting = http.send(get(TOKEN, sid).setHeader("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(406, notAccepting.statusCode());
        HttpResponse<String> foreign = http.send(get(OTHER, sid).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, foreign.statusCode(), "another agent's session");

        HttpResponse<Void> delete = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + TOKEN)
                .header("Mcp-Session-Id", sid).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, delete.statusCode());

        events.awaitEnd();
        assertEquals(0, streams.size());
    }

    @Test
    void stoppingEndsEveryStreamAndReleasesItsThread() throws Exception {
        Events a = new Events(TOKEN, initialize(TOKEN));
        Events b = new Events(OTHER, initialize(OTHER));
        a.next(": nexo");
        b.next(": nexo");
        assertEquals(2, streams.size());

        streams.closeAll(Duration.ofSeconds(5));

        a.awaitEnd();
        b.awaitEnd();
        assertEquals(0, streams.size());
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> List.of(t.getStackTrace()).stream()
                .anyMatch(f -> f.getClassName().startsWith(NotificationStreams.class.getName()))), "no thread is left serving a stream");
    }

    @Test
    void aReconnectingClientGetsOneNotificationForWhatItMissedAndNoneWhenItMissedNothing() throws Exception {
        String sid = initialize(TOKEN);
        Events first = new Events(TOKEN, sid);
        first.next(": nexo");
        addTool("notes_write");
        streams.toolsChanged();
        assertEquals("id: 1", first.next("id:"), "notifications carry ids");
        assertEquals(LIST_CHANGED, first.next("data:"));
        first.response.body().close(); // the client goes away
        awaitNoStream();

        // nothing changed: a resume from the last id gets keep-alives only
        Events quiet = new Events(TOKEN, sid, "1");
        quiet.next(": keep-alive");
        assertTrue(quiet.read.stream().noneMatch(l -> l.startsWith("data:")), "nothing missed, nothing sent: " + quiet.read);
        quiet.response.body().close();
        awaitNoStream();

        // a change while no stream is open: the resumed stream starts with one notification
        addTool("notes_archive");
        streams.toolsChanged();
        Events resumed = new Events(TOKEN, sid, "1");
        assertEquals("id: 2", resumed.next("id:"));
        assertEquals(LIST_CHANGED, resumed.next("data:"));
        resumed.response.body().close();
        awaitNoStream();

        // an id older than the last one sent: it missed that notification
        Events behind = new Events(TOKEN, sid, "1");
        assertEquals("id: 3", behind.next("id:"));
        assertEquals(LIST_CHANGED, behind.next("data:"));
    }

    /** Waits until the server has noticed the client left (its next keep-alive write fails). */
    private void awaitNoStream() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (streams.size() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, streams.size(), "the server ended the stream the client left");
    }
}
