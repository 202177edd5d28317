package dev.nexo.itest.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.itest.InFramework;

/**
 * In the real framework: a ConfigAdmin factory configuration brings up an OpenAI-compatible
 * {@link LlmProvider} that answers from a loopback stub; stopping, starting, uninstalling and
 * reinstalling the {@code dev.nexo.llm} bundle removes and re-adds the service, and its threads go
 * with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LlmProviderLifecycleTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ID = "itest-stub";
    private static final String FILTER = "(" + LlmProvider.PROVIDER + "=" + ID + ")";

    @Inject
    private ConfigurationAdmin configAdmin;

    private StubLlm stub;
    private org.osgi.service.cm.Configuration config;

    @Before
    public void configure() throws IOException {
        stub = new StubLlm();
        config = configAdmin.getFactoryConfiguration("dev.nexo.llm.provider.openai", ID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", ID);
        props.put("base_url", "http://127.0.0.1:" + stub.port() + "/v1");
        props.put("api_key", "itest-secret-key");
        props.put("rate_limit.requests_per_second", 0.0);
        config.update(props);
    }

    @After
    public void cleanUp() throws IOException {
        config.delete();
        stub.close();
    }

    @Test
    public void providerFollowsConfigurationAndBundleLifecycle() throws Exception {
        assertEquals("pong", chat(awaitProvider()).text());
        String request = stub.requests.get(0);
        assertTrue(request, request.startsWith("POST /v1/chat/completions HTTP/1.1"));
        assertTrue(request, request.toLowerCase(Locale.ROOT).contains("authorization: bearer itest-secret-key"));
        assertTrue(request, request.contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"echo\""));
        assertTrue("provider threads run", !providerThreads().isEmpty());

        Bundle llm = Arrays.stream(context.getBundles()).filter(b -> "dev.nexo.llm".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("dev.nexo.llm is not installed"));
        String location = llm.getLocation();

        llm.stop();
        awaitGone();
        llm.start();
        assertEquals("pong", chat(awaitProvider()).text());

        llm.uninstall();
        awaitGone();
        Bundle again = context.installBundle(location);
        again.start();
        assertEquals("pong", chat(awaitProvider()).text());
        assertEquals("one request per chat", 3, stub.requests.size());
    }

    private static ChatResponse chat(LlmProvider provider) throws Exception {
        ChatRequest request = ChatRequest.builder("stub-model").message(ChatMessage.user("ping"))
                .tool(new ToolSpec("echo", "Echoes its input", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}"))
                .build();
        return provider.chat(request).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private LlmProvider awaitProvider() throws Exception {
        poll("the " + ID + " LlmProvider service", () -> !references().isEmpty());
        ServiceReference<LlmProvider> ref = references().iterator().next();
        assertEquals("openai", ref.getProperty("nexo.llm.provider.kind"));
        LlmProvider provider = context.getService(ref);
        assertEquals(ID, provider.id());
        return provider;
    }

    private void awaitGone() {
        poll("the " + ID + " LlmProvider service to go", () -> references().isEmpty());
        poll("the provider's threads to end", () -> providerThreads().isEmpty());
    }

    private Collection<ServiceReference<LlmProvider>> references() {
        try {
            return context.getServiceReferences(LlmProvider.class, FILTER);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> providerThreads() {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().keySet().forEach(t -> {
            if (t.isAlive() && t.getName().startsWith("nexo-llm-" + ID + "-")) {
                names.add(t.getName());
            }
        });
        return names;
    }

    private static void poll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A one-connection-at-a-time HTTP/1.1 server answering every request with one chat completion. */
    private static final class StubLlm implements AutoCloseable {
        private static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"stub-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"pong\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final Thread thread;

        StubLlm() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "itest-stub-llm");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    handle(s);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void handle(Socket s) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            requests.add(head + "\n" + new String(body, 0, read));
            byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
