package dev.nexo.core.internal.agent;

import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.core.internal.agent.hook.HookChain;
import dev.nexo.core.internal.agent.prompt.AutoRecall;
import dev.nexo.core.internal.agent.prompt.PromptComposer;
import dev.nexo.core.internal.agent.session.Session;
import dev.nexo.core.internal.agent.session.SessionStore;
import dev.nexo.core.internal.agent.tool.ToolExecutor;
import dev.nexo.core.internal.agent.tool.ToolOutcome;
import dev.nexo.core.internal.agent.tool.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One turn: {@code before_message} hooks (block / transform), prompt composition, then LLM calls
 * with the turn's allowed tools; requested tool calls run in parallel and their results go back to
 * the LLM, until it answers with text or the step limit is hit. The finished exchange is recorded
 * in the session and {@code after_message} hooks are told. Never fails: problems end as a
 * {@link TurnResult.Kind#FAILED} result.
 */
public final class TurnRunner {
    private final Function<String, LlmProvider> providers;
    private final ToolRegistry tools;
    private final ToolExecutor executor;
    private final HookChain hooks;
    private final SessionStore sessions;
    private final Duration llmTimeout;
    private final AutoRecall recall;

    /**
     * @param providers provider id to provider, or null when not installed
     * @param tools the tool whiteboard
     * @param executor runs tool calls
     * @param hooks the hook chain
     * @param sessions the session store
     * @param llmTimeout deadline of one LLM call
     */
    public TurnRunner(Function<String, LlmProvider> providers, ToolRegistry tools, ToolExecutor executor,
            HookChain hooks, SessionStore sessions, Duration llmTimeout) {
        this(providers, tools, executor, hooks, sessions, llmTimeout, null);
    }

    /**
     * As above, with automatic memory recall into the prompt.
     *
     * @param recall the automatic recall, or null for none
     */
    public TurnRunner(Function<String, LlmProvider> providers, ToolRegistry tools, ToolExecutor executor,
            HookChain hooks, SessionStore sessions, Duration llmTimeout, AutoRecall recall) {
        this.recall = recall;
        this.providers = providers;
        this.tools = tools;
        this.executor = executor;
        this.hooks = hooks;
        this.sessions = sessions;
        this.llmTimeout = llmTimeout;
    }

    /**
     * What a turn works on.
     *
     * @param policy the policy snapshot the whole turn uses
     * @param session the conversation
     * @param message the inbound message, or null on delegation paths
     * @param userText the user's text as the LLM should see it
     * @param correlationId the turn's correlation id
     * @param toolContext the {@code _meta} of the turn's tool calls
     */
    public record Turn(TurnPolicy policy, Session session, InboundMessage message, String userText,
            String correlationId, ToolContext toolContext) {
    }

    /**
     * @param turn the turn
     * @return how it ended
     */
    public CompletionStage<TurnResult> run(Turn turn) {
        HookContext before = hook(turn, HookPoint.BEFORE_MESSAGE).build();
        return hooks.run(before, (c, o) -> transformed(turn, o.transformedText().orElseThrow())).thenCompose(r -> {
            if (r.blocked()) {
                return CompletableFuture.completedFuture(TurnResult.blocked(r.outcome().reason().orElse("blocked")));
            }
            String text = r.context().message().map(PromptComposer::userText).orElse(turn.userText());
            return converse(turn, text);
        });
    }

    private HookContext transformed(Turn turn, String text) {
        HookContext.Builder b = hook(turn, HookPoint.BEFORE_MESSAGE);
        if (turn.message() != null) {
            b.message(turn.message().toBuilder().text(text).build());
        }
        return b.build();
    }

    private CompletionStage<TurnResult> converse(Turn turn, String userText) {
        TurnPolicy policy = turn.policy();
        LlmProvider provider = providers.apply(policy.agent().provider());
        if (provider == null) {
            return CompletableFuture.completedFuture(TurnResult.failed(LlmErrorKind.PROVIDER_NOT_FOUND.wireName(),
                    "no LLM provider `" + policy.agent().provider() + "` is installed", Usage.of(0, 0), 0, 0));
        }
        CompletionStage<String> memory = recall == null ? CompletableFuture.completedFuture("")
                : recall.block(policy.agent(), userText);
        return memory.thenCompose(block -> {
            List<ChatMessage> messages = PromptComposer.messages(policy,
                    turn.session().history(policy.agent().historyTurns()), userText, block);
            List<ToolSpec> specs = tools.specs(policy::toolAllowed, policy::canSendOn);
            Loop loop = new Loop(turn, provider, new ArrayList<>(messages), specs, userText);
            return loop.step();
        });
    }

    /** The state of one turn's LLM/tool loop. */
    private final class Loop {
        private final Turn turn;
        private final LlmProvider provider;
        private final List<ChatMessage> messages;
        private final List<ToolSpec> specs;
        private final String userText;
        private final long toolBytes;
        private Usage usage = Usage.of(0, 0);
        private int calls;
        private long bytes;

        Loop(Turn turn, LlmProvider provider, List<ChatMessage> messages, List<ToolSpec> specs, String userText) {
            this.turn = turn;
            this.provider = provider;
            this.messages = messages;
            this.specs = specs;
            this.userText = userText;
            long b = 0;
            for (ToolSpec s : specs) {
                b += s.name().length() + s.description().length() + s.inputSchema().length();
            }
            this.toolBytes = b;
        }

        CompletionStage<TurnResult> step() {
            ChatRequest.Builder b = ChatRequest.builder(turn.policy().model()).messages(messages).timeout(llmTimeout)
                    .metadata("agent_id", turn.policy().agent().id()).metadata("correlation_id", turn.correlationId())
                    .metadata("session_id", turn.session().id());
            specs.forEach(b::tool);
            ChatRequest withTools = b.build();
            calls++;
            bytes += toolBytes;
            for (ChatMessage m : messages) {
                bytes += m.content().length();
            }
            CompletionStage<ChatResponse> call;
            try {
                call = provider.chat(withTools);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((response, err) -> err == null ? next(response) : failed(err))
                    .thenCompose(Function.identity());
        }

        private CompletionStage<TurnResult> next(ChatResponse response) {
            usage = usage.plus(response.usage());
            if (!response.hasToolCalls()) {
                return CompletableFuture.completedFuture(finish(response.text()));
            }
            if (calls >= turn.policy().agent().maxSteps()) {
                return CompletableFuture.completedFuture(TurnResult.failed("step_limit", "no answer after "
                        + calls + " LLM calls", usage, calls, bytes));
            }
            messages.add(response.toMessage());
            List<CompletableFuture<ToolOutcome>> running = new ArrayList<>();
            for (ToolCall call : response.toolCalls()) {
                running.add(executor.execute(call, turn.policy(), turn.toolContext(), p -> hook(turn, p))
                        .toCompletableFuture());
            }
            return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                for (int i = 0; i < running.size(); i++) {
                    messages.add(ChatMessage.toolResult(response.toolCalls().get(i).id(), running.get(i).join().content()));
                }
                return step();
            });
        }

        private TurnResult finish(String text) {
            sessions.record(turn.session(), ChatMessage.user(userText), ChatMessage.assistant(text),
                    turn.policy().agent().historyTurns());
            hooks.notify(hook(turn, HookPoint.AFTER_MESSAGE).replyText(text).build());
            return new TurnResult(TurnResult.Kind.REPLY, text, null, usage, calls, bytes);
        }

        private CompletionStage<TurnResult> failed(Throwable err) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            String code = cause instanceof LlmException le ? le.kind().wireName() : LlmErrorKind.UNKNOWN.wireName();
            return CompletableFuture.completedFuture(TurnResult.failed(code, String.valueOf(cause.getMessage()), usage,
                    calls, bytes));
        }
    }

    private static HookContext.Builder hook(Turn turn, HookPoint point) {
        return HookContext.builder(point, turn.policy().agent().tenant(), turn.policy().agent().id(),
                turn.correlationId()).sessionId(turn.session().id()).message(turn.message());
    }
}
