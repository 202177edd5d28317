package dev.nexo.api.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock();
    private final List<String> transitions = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker("test", CircuitBreaker.Settings.DEFAULTS, clock,
            (n, from, to) -> transitions.add(from.wireName() + "->" + to.wireName()));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterFiveConsecutiveFailuresOnly() {
        fail(4);
        breaker.tryAcquire();
        breaker.onSuccess();
        fail(4);
        assertEquals(CircuitState.CLOSED, breaker.state());
        fail(1);
        assertEquals(CircuitState.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(Duration.ofSeconds(10), breaker.retryAfter());
    }

    @Test
    void halfOpenClosesAfterTwoSuccesses() {
        fail(5);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(CircuitState.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "only two trial calls at a time");
        breaker.onSuccess();
        assertEquals(CircuitState.HALF_OPEN, breaker.state());
        breaker.onSuccess();
        assertEquals(CircuitState.CLOSED, breaker.state());
        assertEquals(List.of("closed->open", "open->half_open", "half_open->closed"), transitions);
    }

    @Test
    void halfOpenFailureReopensWithDoublingCappedAt120s() {
        fail(5);
        long[] expected = {20, 40, 80, 120, 120};
        for (long seconds : expected) {
            clock.advance(breaker.retryAfter());
            assertTrue(breaker.tryAcquire());
            breaker.onFailure();
            assertEquals(CircuitState.OPEN, breaker.state());
            assertEquals(Duration.ofSeconds(seconds), breaker.retryAfter());
        }
        clock.advance(breaker.retryAfter());
        breaker.tryAcquire();
        breaker.onSuccess();
        breaker.tryAcquire();
        breaker.onSuccess();
        fail(5);
        assertEquals(Duration.ofSeconds(10), breaker.retryAfter(), "closing resets the open period");
    }

    @Test
    void callRecordsOutcomesAndRefusesWhenOpen() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThrows(IOException.class, () -> breaker.call(() -> {
                throw new IOException("down");
            }));
        }
        CircuitOpenException open = assertThrows(CircuitOpenException.class, () -> breaker.call(() -> "x"));
        assertEquals("test", open.breaker());
        clock.advance(Duration.ofSeconds(10));
        assertEquals("ok", breaker.call(() -> "ok"));
    }

    @Test
    void callAsyncRecordsTheStageOutcome() {
        for (int i = 0; i < 5; i++) {
            breaker.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
        }
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> breaker.callAsync(() -> CompletableFuture.completedFuture(1)).toCompletableFuture().get());
        assertTrue(e.getCause() instanceof CircuitOpenException);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new CircuitBreaker.Settings(0, Duration.ofSeconds(1), Duration.ofSeconds(2), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new CircuitBreaker.Settings(1, Duration.ofSeconds(3), Duration.ofSeconds(2), 1));
    }
}
