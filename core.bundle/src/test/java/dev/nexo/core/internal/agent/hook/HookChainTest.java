package dev.nexo.core.internal.agent.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HookChainTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HookChain chain = new HookChain(timer, Duration.ofMillis(100));
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Hook recording(String name, HookOutcome outcome) {
        return ctx -> {
            seen.add(name + ":" + ctx.toolArguments().orElse(""));
            return CompletableFuture.completedFuture(outcome);
        };
    }

    private static HookContext toolContext(String args) {
        return HookContext.builder(HookPoint.BEFORE_TOOL_CALL, "t", "ana", "c").toolCall("weather", args).build();
    }

    private HookChain.Result run(HookContext ctx) {
        return chain.run(ctx, (c, o) -> toolContext(o.overriddenArguments().orElseThrow())).toCompletableFuture().join();
    }

    @Test
    void handlersRunByPriorityThenRegistrationOrder() {
        chain.add(recording("late", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), 10, "late");
        chain.add(recording("first", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), -5, "first");
        chain.add(recording("second", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), -5, "second");

        run(toolContext("{}"));

        assertEquals(List.of("first:{}", "second:{}", "late:{}"), seen);
    }

    @Test
    void anOverrideIsWhatLaterHandlersAndTheToolSee() {
        chain.add(recording("a", HookOutcome.overrideArguments("{\"city\":\"Quito\"}", null)),
                List.of(HookPoint.BEFORE_TOOL_CALL), 0, "a");
        chain.add(recording("b", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), 1, "b");

        HookChain.Result r = run(toolContext("{\"city\":\"Lima\"}"));

        assertEquals("b:{\"city\":\"Quito\"}", seen.get(1));
        assertEquals("{\"city\":\"Quito\"}", r.context().toolArguments().orElseThrow());
    }

    @Test
    void throwingFailingAndLateHandlersCountAsContinue() {
        chain.add(ctx -> {
            throw new IllegalStateException("boom");
        }, List.of(HookPoint.BEFORE_TOOL_CALL), 0, "thrower");
        chain.add(ctx -> CompletableFuture.failedFuture(new RuntimeException("bad")), List.of(HookPoint.BEFORE_TOOL_CALL),
                1, "failer");
        chain.add(ctx -> new CompletableFuture<>(), List.of(HookPoint.BEFORE_TOOL_CALL), 2, "never");
        chain.add(recording("last", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), 3, "last");

        HookChain.Result r = run(toolContext("{}"));

        assertFalse(r.blocked());
        assertEquals(List.of("last:{}"), seen);
    }

    @Test
    void aBlockEndsTheChain() {
        chain.add(recording("blocker", HookOutcome.block("no", false)), List.of(HookPoint.BEFORE_TOOL_CALL), 0, "b");
        chain.add(recording("after", HookOutcome.proceed()), List.of(HookPoint.BEFORE_TOOL_CALL), 1, "after");

        assertTrue(run(toolContext("{}")).blocked());
        assertEquals(1, seen.size());
    }

    @Test
    void observeOnlyPointsIgnoreInterventions() {
        chain.add(ctx -> CompletableFuture.completedFuture(HookOutcome.block("no", false)),
                List.of(HookPoint.AFTER_MESSAGE), 0, "b");
        HookContext after = HookContext.builder(HookPoint.AFTER_MESSAGE, "t", "ana", "c").replyText("hi").build();

        assertFalse(chain.run(after, (c, o) -> c).toCompletableFuture().join().blocked());
    }

    @Test
    void the129thHandlerAtAPointIsRefused() {
        for (int i = 0; i < HookChain.MAX_PER_POINT; i++) {
            assertTrue(chain.add(ctx -> null, List.of(HookPoint.BEFORE_MESSAGE), 0, "h" + i));
        }
        assertFalse(chain.add(ctx -> null, List.of(HookPoint.BEFORE_MESSAGE), 0, "one too many"));
        assertEquals(HookChain.MAX_PER_POINT, chain.count(HookPoint.BEFORE_MESSAGE));
        assertTrue(chain.add(ctx -> null, List.of(HookPoint.AFTER_MESSAGE), 0, "elsewhere"));
    }
}
