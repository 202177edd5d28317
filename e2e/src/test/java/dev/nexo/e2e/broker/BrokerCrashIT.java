package dev.nexo.e2e.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;

/**
 * The crash test: a container publishes while NATS is down (its events go to the disk
 * queue), is killed with {@code kill -9}, NATS comes up, the container is started again: every
 * acknowledged event reaches NATS.
 */
class BrokerCrashIT {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int BURST = 300;
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

    @Test
    void eventsSpooledBeforeAKillNineAreDeliveredAfterTheRestart() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path run = Files.createTempDirectory(work, "broker-crash-");
        int port = NexoProcess.freePort();
        String url = "nats://127.0.0.1:" + port;
        try (Node node = Node.nats(run.resolve("node"), url, List.of())) {
            node.start("-Dnexo.e2e.burst=" + BURST);
            Path done = node.stateRoot().resolve("burst.done");
            Poll.until(Duration.ofSeconds(90), POLL, () -> Files.exists(done) && !read(done).isEmpty(),
                    () -> "the burst to be acknowledged; log:\n" + node.tail());
            assertEquals(Integer.toString(BURST), read(done), "every publish was acknowledged (spooled)");
            node.kill();

            try (NatsServer nats = new NatsServer(port, run).start();
                    Connection observer = Nats.connect(url)) {
                Set<Integer> seen = ConcurrentHashMap.newKeySet();
                Dispatcher d = observer.createDispatcher(m -> {
                    Matcher x = N.matcher(new String(m.getData(), StandardCharsets.UTF_8));
                    if (x.find()) {
                        seen.add(Integer.parseInt(x.group(1)));
                    }
                });
                d.subscribe("plugin.inbound.e2e");
                observer.flush(Duration.ofSeconds(5));
                node.start(); // no burst this time: only the disk queue drains
                Poll.until(Duration.ofSeconds(90), POLL, () -> seen.size() >= BURST,
                        () -> seen.size() + " of " + BURST + " after the restart; log:\n" + node.tail());
                assertEquals(BURST, seen.size());
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
