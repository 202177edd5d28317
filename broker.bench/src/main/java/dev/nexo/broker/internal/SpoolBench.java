package dev.nexo.broker.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.nexo.api.event.Event;

/** Disk-queue writes (one committed row per operation, as a publish while NATS is down), fsync on and off. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class SpoolBench {
    @Param({"true", "false"})
    public boolean fsync;

    Path dir;
    BrokerDb db;
    DiskQueue queue;
    byte[] row;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "spool-");
        db = new BrokerDb(dir, fsync);
        queue = new DiskQueue(db, Clock.systemUTC());
        row = new EventCodec().encode(Event.of("plugin.inbound.telegram.sales_bot", "bench", "{\"text\":\"hello\"}"));
    }

    @TearDown
    public void tearDown() throws Exception {
        db.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void enqueue() throws Exception {
        queue.enqueue("plugin.inbound.telegram.sales_bot", row);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
