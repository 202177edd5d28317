package dev.nexo.broker.internal;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.nats.client.Connection;
import io.nats.client.Nats;

import dev.nexo.api.event.Event;
import dev.nexo.api.fault.CircuitBreaker;

/**
 * NATS broker publish (until NATS has acknowledged every event) against raw jnats on the same
 * server in the same run (publish the same encoded bytes, then one {@code flush}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class NatsBench {
    /** A burst: its figure includes one confirmation round trip (and, for the broker, the linger) per 1,000 events. */
    static final int BATCH = 1000;
    /** A sustained stream: 10,000 events per confirmation at the end, as when publishing never pauses. */
    static final int STREAM = 10_000;

    Process server;
    Path dir;
    BrokerDb db;
    NatsBroker broker;
    Connection raw;
    Event event;
    byte[] bytes;
    final EventCodec codec = new EventCodec();
    @SuppressWarnings("unchecked")
    final CompletionStage<Void>[] acks = new CompletionStage[STREAM];

    @Setup
    public void setUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "nats-");
        server = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                break;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        String url = "nats://127.0.0.1:" + port;
        db = new BrokerDb(dir, false);
        broker = new NatsBroker(new NatsBroker.Settings(url, true, 16384, 100_000, Duration.ofMillis(20)),
                new DiskQueue(db, Clock.systemUTC()), DeliveryPolicy.DEFAULTS, Bench.NO_DEAD_LETTERS, new BrokerMetrics(),
                CircuitBreaker.withDefaults("bench")).start();
        while (!broker.isDirect()) {
            Thread.sleep(10);
        }
        raw = Nats.connect(url);
        event = Event.of("plugin.inbound.telegram.sales_bot", "bench", "{\"text\":\"hello\"}");
        bytes = new EventCodec().encode(event);
    }

    @TearDown
    public void tearDown() throws Exception {
        raw.close();
        broker.close(Duration.ofSeconds(2));
        db.close();
        server.destroyForcibly().waitFor();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void broker() throws Exception {
        publishAndAwait(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(STREAM)
    public void brokerStream() throws Exception {
        publishAndAwait(STREAM);
    }

    /** A 1,000-event burst through the broker and one through raw jnats (encoding included), alternating. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public void alternating(Alternation turns) throws Exception {
        turns.run(BATCH, () -> publishAndAwait(BATCH), () -> rawPublish(BATCH, true));
    }

    /** As {@link #alternating}, with 10,000-event streams: the confirmation round trip is amortised. */
    @Benchmark
    @OperationsPerInvocation(2 * STREAM)
    public void alternatingStream(Alternation turns) throws Exception {
        turns.run(STREAM, () -> publishAndAwait(STREAM), () -> rawPublish(STREAM, true));
    }

    private void publishAndAwait(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            acks[i] = broker.publish(event);
        }
        // the broker completes acks in publish order, so the last one means all of them; waiting on
        // it (not on an allOf tree of futures) keeps harness allocations out of the figure
        acks[n - 1].toCompletableFuture().get();
        if (!acks[0].toCompletableFuture().isDone()) {
            throw new IllegalStateException("acks out of order");
        }
    }

    /** Raw jnats with the same wire JSON encoded per event, as an application would have to. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawJnatsEncoding() throws Exception {
        rawPublish(BATCH, true);
    }

    @Benchmark
    @OperationsPerInvocation(STREAM)
    public void rawJnatsEncodingStream() throws Exception {
        rawPublish(STREAM, true);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawJnats() throws Exception {
        rawPublish(BATCH, false);
    }

    private void rawPublish(int n, boolean encode) throws Exception {
        for (int i = 0; i < n; i++) {
            raw.publish("plugin.inbound.telegram.sales_bot", encode ? codec.encode(event) : bytes);
        }
        raw.flush(Duration.ofSeconds(5));
    }
}
