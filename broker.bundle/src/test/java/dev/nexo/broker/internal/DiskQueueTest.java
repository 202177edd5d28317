package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void rowsComeBackFifoInBatchesAndSurviveReopening() throws Exception {
        try (BrokerDb db = new BrokerDb(dir, true)) {
            DiskQueue q = new DiskQueue(db, clock);
            for (int i = 0; i < 150; i++) {
                q.enqueue("plugin.inbound.t", ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (BrokerDb db = new BrokerDb(dir, true)) {
            DiskQueue q = new DiskQueue(db, clock);
            assertEquals(150, q.size());
            List<DiskQueue.Row> first = q.peek(DiskQueue.BATCH);
            assertEquals(100, first.size());
            assertArrayEquals("{\"i\":0}".getBytes(StandardCharsets.UTF_8), first.get(0).payload());
            assertEquals("2026-05-01T00:00:00Z", first.get(0).enqueuedAt());
            assertEquals(0, first.get(0).attempts());
            q.delete(first);
            List<DiskQueue.Row> rest = q.peek(DiskQueue.BATCH);
            assertEquals(50, rest.size());
            assertArrayEquals("{\"i\":100}".getBytes(StandardCharsets.UTF_8), rest.get(0).payload());
        }
    }

    @Test
    void failuresAreCountedOnTheRow() throws Exception {
        try (BrokerDb db = new BrokerDb(dir, false)) {
            DiskQueue q = new DiskQueue(db, clock);
            q.enqueue("a.b", "{}".getBytes(StandardCharsets.UTF_8));
            DiskQueue.Row r = q.peek(1).get(0);
            assertEquals(1, q.recordFailure(r));
            r = q.peek(1).get(0);
            assertEquals(1, r.attempts());
            assertEquals(2, q.recordFailure(r));
            assertEquals(2, q.peek(1).get(0).attempts());
        }
    }
}
