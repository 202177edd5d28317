package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WatchedStageTest {
    /** Counts watches; on blocking, completes the future itself, as the broker's flush does. */
    static final class Owner implements WatchedStage.Watcher {
        final CompletableFuture<String> future = new CompletableFuture<>();
        final AtomicInteger watches = new AtomicInteger();
        final List<Thread> helpers = new ArrayList<>();

        @Override
        public void watched() {
            watches.incrementAndGet();
        }

        @Override
        public void beforeBlocking() {
            helpers.add(Thread.currentThread());
            future.complete("confirmed");
        }
    }

    @Test
    void everyWayOfDependingOnTheStageTellsTheOwner() {
        Owner o = new Owner();
        CompletionStage<String> s = new WatchedStage<>(o.future, o);
        s.thenApply(String::length);
        s.whenComplete((v, x) -> { });
        s.thenRunAsync(() -> { });
        s.exceptionally(x -> "fallback");
        s.toCompletableFuture();
        assertEquals(5, o.watches.get());
        assertFalse(o.future.isDone(), "watching alone completes nothing");
    }

    @Test
    void aThreadAboutToBlockHelpsFirstAndDoesNotWaitForAnotherThread() {
        Owner o = new Owner();
        CompletableFuture<String> f = new WatchedStage<>(o.future, o).toCompletableFuture();
        List<Thread> joiner = new ArrayList<>();
        // nobody else completes the future: without the help, join() would never return
        assertEquals("confirmed", assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            joiner.add(Thread.currentThread());
            return f.join();
        }));
        assertEquals(joiner, o.helpers, "the joining thread itself helped, once");
    }

    @Test
    void getHelpsToo() throws Exception {
        Owner o = new Owner();
        CompletableFuture<String> f = new WatchedStage<>(o.future, o).toCompletableFuture();
        assertEquals("confirmed", assertTimeoutPreemptively(Duration.ofSeconds(10), () -> f.get()));
        assertEquals(1, o.helpers.size());
    }

    @Test
    void aCompletedStageNeedsNoHelp() throws Exception {
        Owner o = new Owner();
        o.future.complete("early");
        assertEquals("early", new WatchedStage<>(o.future, o).toCompletableFuture().get());
        assertTrue(o.helpers.isEmpty());
    }

    @Test
    void aCallerSettlingItsOwnCopyLeavesTheSourceAlone() {
        Owner o = new Owner();
        WatchedStage<String> s = new WatchedStage<>(o.future, o);
        s.toCompletableFuture().complete("forged");
        assertFalse(o.future.isDone());
        o.future.complete("real");
        assertEquals("real", s.toCompletableFuture().join());
    }

    @Test
    void aFailureReachesEveryCopyWithItsCause() {
        Owner o = new Owner();
        WatchedStage<String> s = new WatchedStage<>(o.future, o);
        CompletableFuture<String> copy = s.toCompletableFuture();
        IllegalStateException cause = new IllegalStateException("NATS is unreachable");
        o.future.completeExceptionally(cause);
        ExecutionException e = assertThrows(ExecutionException.class, copy::get);
        assertSame(cause, e.getCause());
        assertEquals("fallback", s.exceptionally(x -> "fallback").toCompletableFuture().join());
    }
}
