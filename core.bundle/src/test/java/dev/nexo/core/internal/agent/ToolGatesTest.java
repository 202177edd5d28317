package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.core.internal.agent.Fixtures.EchoTool;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trust contract and the before_tool_call hook around a tool call. */
class ToolGatesTest {
    private final TestBroker broker = new TestBroker();
    private final StubLlm llm = new StubLlm("stub");
    private final EchoTool send = new EchoTool("mail_send", "sent", Sensitivity.WRITE);
    private AgentEngine engine;

    /** A trust policy answering with a fixed decision and recording what it was asked. */
    static final class FixedTrust implements TrustPolicy {
        final List<AccessRequest> asked = new CopyOnWriteArrayList<>();
        final Function<AccessRequest, TrustDecision> decide;
        final CompletableFuture<TrustDecision> approval = new CompletableFuture<>();

        FixedTrust(Function<AccessRequest, TrustDecision> decide) {
            this.decide = decide;
        }

        @Override
        public TrustDecision check(AccessRequest request) {
            asked.add(request);
            return decide.apply(request);
        }

        @Override
        public CompletionStage<TrustDecision> awaitApproval(String approvalId) {
            return approval;
        }

        @Override
        public Optional<Capability> capability(String capabilityId) {
            return Optional.empty();
        }

        @Override
        public Collection<Capability> capabilities() {
            return List.of();
        }

        @Override
        public int purgeGrants(String capabilityId, String reason) {
            return 0;
        }
    }

    @BeforeEach
    void start() {
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.addProvider("stub", llm);
        engine.addTool(send);
        engine.addAgent(Fixtures.agent(agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]")));
        engine.start();
        llm.thenCallTool("mail_send", "{\"city\":\"Lima\"}").thenAnswer("done");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private String toolResultSeenByTheLlm() {
        broker.publish(inboundEvent(message("telegram", "bot1", "42", "send it")));
        await(() -> llm.requests.size() == 2);
        ChatRequest second = llm.requests.get(1);
        return second.messages().get(second.messages().size() - 1).content();
    }

    @Test
    void withoutATrustPolicyWriteToolsAreDenied() {
        assertTrue(toolResultSeenByTheLlm().contains("\"code\":\"denied\""));
        assertTrue(send.calls.isEmpty());
    }

    @Test
    void theTrustPolicyIsAskedForTheToolsCapabilityAndItsAllowRuns() {
        FixedTrust trust = new FixedTrust(r -> TrustDecision.allow("g1"));
        engine.trust(trust);

        assertEquals("sent", toolResultSeenByTheLlm());
        AccessRequest asked = trust.asked.get(0);
        assertEquals("tool.mail_send", asked.capabilityId());
        assertEquals("ana", asked.subjectId());
        assertEquals("{\"city\":\"Lima\"}", asked.arguments().orElseThrow());
    }

    @Test
    void aDenyIsDeniedAndAPendingCallRunsOnlyOnceApproved() {
        engine.trust(new FixedTrust(r -> TrustDecision.deny("policy says no")));
        assertTrue(toolResultSeenByTheLlm().contains("policy says no"));
        assertTrue(send.calls.isEmpty());

        FixedTrust pending = new FixedTrust(r -> TrustDecision.pending("a1", "needs a human"));
        engine.trust(pending);
        llm.thenCallTool("mail_send", "{\"city\":\"Quito\"}").thenAnswer("done");
        broker.publish(inboundEvent(message("telegram", "bot1", "43", "send it")));
        await(() -> pending.asked.size() == 1);
        assertTrue(send.calls.isEmpty(), "nothing runs while the approval is pending");
        pending.approval.complete(TrustDecision.allow("g2"));
        await(() -> send.calls.size() == 1);
    }

    @Test
    void aBeforeToolHookOverridesTheArgumentsTheToolSees() {
        engine.trust(new FixedTrust(r -> TrustDecision.allow("g1")));
        engine.addHook(ctx -> CompletableFuture.completedFuture(HookOutcome.overrideArguments("{\"city\":\"Cusco\"}",
                "pinned")), List.of(HookPoint.BEFORE_TOOL_CALL), 0, "pin");

        toolResultSeenByTheLlm();

        assertEquals(List.of("{\"city\":\"Cusco\"}"), send.calls);
        assertEquals("ana", send.contexts.get(0).agentId());
    }
}
