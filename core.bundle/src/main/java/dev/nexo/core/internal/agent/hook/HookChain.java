package dev.nexo.core.internal.agent.hook;

import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook whiteboard: per point, handlers in ascending priority then registration order, at most
 * {@value #MAX_PER_POINT} per point (the next is refused). Each call gets a timeout; a handler
 * that throws, fails or is late counts as "continue" and is logged, so a broken hook never blocks
 * an agent. At points that may intervene a block ends the chain, a transform or argument override
 * is what later handlers see.
 */
public final class HookChain {
    /** The seed's limit per hook point. */
    public static final int MAX_PER_POINT = 128;
    private static final Logger LOG = LoggerFactory.getLogger(HookChain.class);

    private record Entry(Hook hook, int priority, long order, String name) {
    }

    private final Map<HookPoint, List<Entry>> byPoint = new EnumMap<>(HookPoint.class);
    private final AtomicLong order = new AtomicLong();
    private final ScheduledExecutorService timer;
    private volatile Duration timeout;

    /**
     * @param timer runs the timeouts
     * @param timeout per-hook timeout
     */
    public HookChain(ScheduledExecutorService timer, Duration timeout) {
        this.timer = timer;
        this.timeout = timeout;
        for (HookPoint p : HookPoint.values()) {
            byPoint.put(p, List.of());
        }
    }

    /** @param timeout the new per-hook timeout */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param hook the handler
     * @param points where it runs
     * @param priority lower first
     * @param name for logs
     * @return whether it was registered at every point (false where a point was full)
     */
    public synchronized boolean add(Hook hook, List<HookPoint> points, int priority, String name) {
        boolean all = true;
        for (HookPoint p : points) {
            List<Entry> current = byPoint.get(p);
            if (current.size() >= MAX_PER_POINT) {
                LOG.warn("hook {} refused at {}: already {} handlers there", name, p.wireName(), MAX_PER_POINT);
                all = false;
                continue;
            }
            List<Entry> next = new ArrayList<>(current);
            next.add(new Entry(hook, priority, order.incrementAndGet(), name));
            next.sort(Comparator.comparingInt(Entry::priority).thenComparingLong(Entry::order));
            byPoint.put(p, List.copyOf(next));
        }
        return all;
    }

    /** @param hook a handler to remove from every point */
    public synchronized void remove(Hook hook) {
        byPoint.replaceAll((p, list) -> list.stream().filter(e -> e.hook != hook).toList());
    }

    /**
     * @param point a point
     * @return how many handlers run there
     */
    public int count(HookPoint point) {
        return byPoint.get(point).size();
    }

    /**
     * Runs the chain.
     *
     * @param context what the first handler sees
     * @param rebuild how a transform or override changes the context later handlers see
     * @return the combined outcome: the block, else the last transform/override, else continue
     */
    public CompletionStage<Result> run(HookContext context, java.util.function.BiFunction<HookContext, HookOutcome,
            HookContext> rebuild) {
        List<Entry> entries = byPoint.get(context.point());
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(new Result(HookOutcome.proceed(), context));
        }
        CompletableFuture<Result> chain = CompletableFuture.completedFuture(new Result(HookOutcome.proceed(), context));
        for (Entry e : entries) {
            chain = chain.thenCompose(r -> r.outcome().action() == HookOutcome.Action.BLOCK
                    ? CompletableFuture.completedFuture(r)
                    : call(e, r.context()).thenApply(o -> apply(r, o, rebuild)));
        }
        return chain;
    }

    /** Runs the chain at a point that cannot intervene, without waiting for it. */
    public void notify(HookContext context) {
        if (!byPoint.get(context.point()).isEmpty()) {
            run(context, (c, o) -> c);
        }
    }

    private static Result apply(Result previous, HookOutcome o, java.util.function.BiFunction<HookContext,
            HookOutcome, HookContext> rebuild) {
        if (o.action() == HookOutcome.Action.CONTINUE || !previous.context().point().canIntervene()) {
            return previous;
        }
        if (o.action() == HookOutcome.Action.BLOCK) {
            return new Result(o, previous.context());
        }
        return new Result(o, rebuild.apply(previous.context(), o));
    }

    private CompletableFuture<HookOutcome> call(Entry e, HookContext context) {
        CompletableFuture<HookOutcome> result = new CompletableFuture<>();
        Duration limit = timeout;
        var timeoutTask = timer.schedule(() -> {
            if (result.complete(HookOutcome.proceed())) {
                LOG.warn("hook {} at {} timed out after {} ms; continuing [{}]", e.name, context.point().wireName(),
                        limit.toMillis(), context.correlationId());
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            e.hook.onHook(context).whenComplete((o, err) -> {
                timeoutTask.cancel(false);
                if (err != null || o == null) {
                    LOG.warn("hook {} at {} failed; continuing [{}]: {}", e.name, context.point().wireName(),
                            context.correlationId(), String.valueOf(err));
                    result.complete(HookOutcome.proceed());
                } else {
                    result.complete(o);
                }
            });
        } catch (RuntimeException ex) {
            timeoutTask.cancel(false);
            LOG.warn("hook {} at {} threw; continuing [{}]: {}", e.name, context.point().wireName(),
                    context.correlationId(), ex.toString());
            result.complete(HookOutcome.proceed());
        }
        return result;
    }

    /**
     * @param outcome the decisive outcome (block, the last transform or override, or continue)
     * @param context the context after transforms and overrides
     */
    public record Result(HookOutcome outcome, HookContext context) {
        /** @return whether the chain blocked */
        public boolean blocked() {
            return outcome.action() == HookOutcome.Action.BLOCK;
        }
    }
}
