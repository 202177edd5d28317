package dev.nexo.core.internal.agent.tool;

import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.core.internal.agent.TurnPolicy;
import dev.nexo.core.internal.agent.hook.HookChain;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool call of a turn through every gate, in order: the tool exists; the turn's policy
 * allows it (else {@code not_allowed}, never executed); its arguments match its schema;
 * {@code before_tool_call} hooks (block, or override the arguments later hooks and the tool see);
 * the trust policy (without one, read tools run and write/execute tools are denied); then the tool
 * with a deadline; then {@code after_tool_call} hooks, not awaited.
 */
public final class ToolExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ToolExecutor.class);

    private final ToolRegistry registry;
    private final ArgumentValidator validator;
    private final HookChain hooks;
    private final Supplier<TrustPolicy> trust;
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    /**
     * @param registry the tools
     * @param validator the schema checker
     * @param hooks the hook chain
     * @param trust the current trust policy, or a supplier of null when none is installed
     * @param timer runs deadlines
     * @param timeout longest a tool may take
     */
    public ToolExecutor(ToolRegistry registry, ArgumentValidator validator, HookChain hooks,
            Supplier<TrustPolicy> trust, ScheduledExecutorService timer, Duration timeout) {
        this.registry = registry;
        this.validator = validator;
        this.hooks = hooks;
        this.trust = trust;
        this.timer = timer;
        this.timeout = timeout;
    }

    /**
     * @param call what the model asked for
     * @param policy the turn's policy
     * @param context the caller ({@code _meta})
     * @param hookBase a hook context builder for this turn's fields (point set per use)
     * @return the outcome; never fails
     */
    public CompletionStage<ToolOutcome> execute(ToolCall call, TurnPolicy policy, ToolContext context,
            HookBase hookBase) {
        Optional<Tool> found = registry.get(call.name());
        if (!policy.toolAllowed(call.name())) {
            LOG.info("tool {} refused for agent {}: not allowed [{}]", call.name(), context.agentId(),
                    context.correlationId());
            return done(ToolOutcome.failed(ToolErrorCode.NOT_ALLOWED, "tool `" + call.name() + "` is not allowed"));
        }
        if (found.isEmpty()) {
            return done(ToolOutcome.failed(ToolErrorCode.NOT_FOUND, "no tool `" + call.name() + "`"));
        }
        Tool tool = found.get();
        Optional<ToolOutcome> invalid = check(tool, call.arguments(), policy);
        if (invalid.isPresent()) {
            return done(invalid.get());
        }
        HookContext before = hookBase.builder(HookPoint.BEFORE_TOOL_CALL).toolCall(call.name(), call.arguments()).build();
        return hooks.run(before, (c, o) -> hookBase.builder(HookPoint.BEFORE_TOOL_CALL)
                .toolCall(call.name(), o.overriddenArguments().orElse(c.toolArguments().orElseThrow())).build())
                .thenCompose(r -> {
                    if (r.blocked()) {
                        return done(ToolOutcome.failed(ToolErrorCode.DENIED,
                                "blocked by a hook: " + r.outcome().reason().orElse("")));
                    }
                    String args = r.context().toolArguments().orElseThrow();
                    if (!args.equals(call.arguments())) {
                        Optional<ToolOutcome> bad = check(tool, args, policy);
                        if (bad.isPresent()) {
                            return done(bad.get());
                        }
                    }
                    return authorise(tool, args, context).thenCompose(refusal -> refusal.isPresent()
                            ? done(refusal.get()) : invoke(tool, args, context, hookBase));
                });
    }

    private Optional<ToolOutcome> check(Tool tool, String args, TurnPolicy policy) {
        if (!policy.agent().validateToolArguments()) {
            return Optional.empty();
        }
        return validator.problems(tool.descriptor().inputSchema(), args)
                .map(p -> ToolOutcome.failed(ToolErrorCode.INVALID_ARGUMENTS, p));
    }

    private CompletionStage<Optional<ToolOutcome>> authorise(Tool tool, String args, ToolContext context) {
        TrustPolicy policy = trust.get();
        if (policy == null) {
            return done(tool.descriptor().sensitivity().requiresApproval()
                    ? Optional.of(ToolOutcome.failed(ToolErrorCode.DENIED, "no trust policy is installed; "
                            + tool.descriptor().sensitivity().wireName() + " tools are denied"))
                    : Optional.empty());
        }
        TrustDecision d = policy.check(AccessRequest.builder(context.tenantId(), context.agentId(),
                tool.descriptor().capabilityId()).correlationId(context.correlationId()).arguments(args).build());
        switch (d.outcome()) {
            case ALLOW:
                return done(Optional.empty());
            case PENDING:
                return policy.awaitApproval(d.approvalId().orElseThrow()).handle((late, err) -> err == null
                        && late.isAllowed() ? Optional.<ToolOutcome>empty()
                        : Optional.of(ToolOutcome.failed(ToolErrorCode.DENIED, err == null ? late.reason()
                                : "approval failed: " + err.getMessage())));
            default:
                return done(Optional.of(ToolOutcome.failed(ToolErrorCode.DENIED, d.reason())));
        }
    }

    private CompletionStage<ToolOutcome> invoke(Tool tool, String args, ToolContext context, HookBase hookBase) {
        CompletableFuture<ToolOutcome> out = new CompletableFuture<>();
        String name = tool.descriptor().name();
        var deadline = timer.schedule(() -> out.complete(ToolOutcome.failed(ToolErrorCode.TIMEOUT,
                "tool `" + name + "` did not answer within " + timeout.toMillis() + " ms")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        ToolContext withDeadline = ToolContext.builder(context.tenantId(), context.agentId(), context.correlationId())
                .sessionId(context.sessionId().orElse(null)).binding(context.binding().orElse(null))
                .inbound(context.inbound().orElse(null)).deadline(Instant.now().plus(timeout)).build();
        try {
            tool.invoke(args, withDeadline).whenComplete((result, err) -> {
                deadline.cancel(false);
                out.complete(err == null ? ToolOutcome.of(result) : failure(name, err));
            });
        } catch (RuntimeException e) {
            deadline.cancel(false);
            out.complete(failure(name, e));
        }
        return out.thenApply(o -> {
            hooks.notify(hookBase.builder(HookPoint.AFTER_TOOL_CALL).toolCall(name, args).toolResult(o.content()).build());
            return o;
        });
    }

    private static ToolOutcome failure(String name, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof ToolException te) {
            return ToolOutcome.failed(te.code(), te.getMessage());
        }
        LOG.warn("tool {} failed: {}", name, cause.toString());
        return ToolOutcome.failed(ToolErrorCode.FAILED, "tool `" + name + "` failed");
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Makes hook contexts carrying the turn's fields. */
    @FunctionalInterface
    public interface HookBase {
        /**
         * @param point the point
         * @return a builder with tenant, agent, correlation, session and message set
         */
        HookContext.Builder builder(HookPoint point);
    }
}
