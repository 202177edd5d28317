package dev.nexo.api.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void exponentialDoublesAndCaps() {
        Backoff b = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10));
        long[] expected = {250, 500, 1000, 2000, 4000, 8000, 10000, 10000};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], b.delay(i + 1, null).toMillis());
        }
        assertEquals(10000, b.delay(500, null).toMillis(), "no overflow on huge attempt numbers");
    }

    @Test
    void decorrelatedJitterStaysWithinBounds() {
        Random r = new Random(42);
        Backoff b = Backoff.decorrelatedJitter(Duration.ofSeconds(1), Duration.ofSeconds(60), r::nextDouble);
        Duration prev = null;
        for (int i = 1; i < 200; i++) {
            Duration d = b.delay(i, prev);
            assertTrue(d.toMillis() >= 1000 && d.toMillis() <= 60000, d.toString());
            assertTrue(prev == null || d.toMillis() <= Math.max(1000, prev.toMillis() * 3));
            prev = d;
        }
        assertEquals(1000, Backoff.decorrelatedJitter(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0)
                .delay(3, Duration.ofSeconds(5)).toMillis());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1)).delay(0, null));
    }
}
