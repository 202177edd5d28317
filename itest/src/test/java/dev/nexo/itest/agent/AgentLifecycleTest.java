package dev.nexo.itest.agent;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;
import dev.nexo.itest.NexoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import dev.nexo.itest.InFramework;

/**
 * The agent runtime follows its broker: when the broker goes (the broker bundle stops) the
 * runtime deactivates and releases its threads and its service (channel send tools keep the core's
 * {@code AgentOutbound} port, which answers {@code unavailable} meanwhile); when the
 * broker comes back the runtime answers messages again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentLifecycleTest extends InFramework {
    private static final String BROKER = "dev.nexo.broker";
    /** The runtime's service, by name: its class is private to the core. */
    private static final String RUNTIME = "dev.nexo.core.internal.agent.AgentRuntime";

    @Override
    @Configuration
    public Option[] config() throws IOException {
        Path dir = Files.createTempDirectory("nexo-agent-config-");
        Files.writeString(dir.resolve("agents.yaml"), "agents:\n  - id: ana\n    model: { provider: stub, model: m }\n"
                + "    inbound_bindings:\n      - plugin: fixture\n        instance: one\n");
        Option[] dist = NexoOptions.distribution(Map.of("nexo.config.dir", dir.toString()));
        Option[] all = Arrays.copyOf(dist, dist.length + 1);
        all[dist.length] = bundle(Path.of(System.getProperty("nexo.agentfixture")).toUri().toString());
        return all;
    }

    @Test
    public void theRuntimeReleasesEverythingWhenItsBrokerGoesAndComesBackWithIt() throws Exception {
        Bundle broker = Arrays.stream(context.getBundles()).filter(b -> BROKER.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        await("the agent runtime", () -> context.getServiceReference(RUNTIME) != null);
        assertAnswers();
        // pools start threads lazily: after a turn the timer, a worker and the session writer run
        await("the runtime's threads, so far " + agentThreads(), () -> agentThreads().stream()
                .anyMatch(n -> n.startsWith("nexo-agent-worker-")) && agentThreads().contains("nexo-agent-sessions"));

        broker.stop();
        await("the agent runtime to go", () -> context.getServiceReference(RUNTIME) == null);
        await("no nexo-agent-* threads, still: " + agentThreads(), () -> agentThreads().isEmpty());

        broker.start();
        await("the agent runtime again", () -> context.getServiceReference(RUNTIME) != null);
        assertAnswers();
    }

    private void assertAnswers() {
        ServiceReference<Broker> ref = context.getServiceReference(Broker.class);
        Broker broker = context.getService(ref);
        try {
            List<Event> out = new CopyOnWriteArrayList<>();
            var sub = broker.subscribe("plugin.outbound.>", out::add);
            String payload = "{\"channel\":{\"kind\":\"fixture\",\"instance\":\"one\"},\"msg_id\":\"" + Ids.newId()
                    + "\",\"from\":\"u\",\"chat\":\"u\",\"chat_type\":\"private\",\"is_group\":false,"
                    + "\"text\":\"hi\",\"timestamp\":\"" + Instant.now() + "\",\"received_at\":\"" + Instant.now() + "\"}";
            await("a reply", () -> {
                broker.publish(Event.of("plugin.inbound.fixture.one", "channel.fixture.one", payload));
                return !out.isEmpty();
            });
            sub.close();
        } finally {
            context.ungetService(ref);
        }
    }

    private static List<String> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("nexo-agent-")).toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
