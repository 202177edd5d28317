package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Grant;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustDecision.Outcome;
import dev.nexo.api.trust.TrustWindow;

class TrustPolicyServiceTest {
    @TempDir
    Path dir;
    private TrustDb db;
    private AuditStore audit;
    private Fixtures.ManualClock clock;
    private TrustPolicyService policy;

    @BeforeEach
    void setUp() {
        db = Fixtures.db(dir);
        clock = new Fixtures.ManualClock();
        audit = new AuditStore(db, clock, 0, false);
        policy = new TrustPolicyService(db, audit, clock, Fixtures.config(600, false), false);
        policy.register(Fixtures.capability("tool.notes_write", Sensitivity.WRITE));
        policy.register(Fixtures.capability("tool.shell", Sensitivity.EXECUTE));
        policy.register(Fixtures.capability("tool.notes_read", Sensitivity.READ));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TrustDecision call(String capability) {
        return policy.check(AccessRequest.builder("default", "agent-a", capability).arguments("{\"text\":\"hi\",\"api_key\":\"sk-1\"}").build());
    }

    @Test
    void writePendsOnceApprovalAllowsOneCallThenPendsAgain() {
        TrustDecision first = call("tool.notes_write");
        assertEquals(Outcome.PENDING, first.outcome());
        assertEquals(1, policy.pendingApprovals().size());
        assertTrue(policy.pendingApprovals().get(0).arguments.contains("[redacted]"), "secrets are redacted for the approver");
        assertFalse(policy.pendingApprovals().get(0).arguments.contains("sk-1"));

        Grant g = policy.approve(first.approvalId().orElseThrow(), TrustWindow.ONCE, "admin").orElseThrow();
        assertEquals(TrustWindow.ONCE, g.window());
        assertEquals(Outcome.ALLOW, call("tool.notes_write").outcome());
        assertEquals(Outcome.PENDING, call("tool.notes_write").outcome(), "a once grant is spent by its call");
    }

    @Test
    void executeNeverStandsEvenWhenApprovedForSevenDays() {
        TrustDecision first = call("tool.shell");
        Grant g = policy.approve(first.approvalId().orElseThrow(), TrustWindow.SEVEN_DAYS, "admin").orElseThrow();
        assertEquals(TrustWindow.ONCE, g.window(), "execute is capped at once");
        assertEquals(Outcome.ALLOW, call("tool.shell").outcome());
        assertEquals(Outcome.PENDING, call("tool.shell").outcome());
    }

    @Test
    void readGrantForAnHourStandsAndExpires() {
        TrustDecision first = call("tool.notes_read");
        assertEquals(Outcome.PENDING, first.outcome(), "default deny: even read needs a grant");
        policy.approve(first.approvalId().orElseThrow(), TrustWindow.ONE_HOUR, "admin");
        assertEquals(Outcome.ALLOW, call("tool.notes_read").outcome());
        clock.advance(Duration.ofMinutes(59));
        assertEquals(Outcome.ALLOW, call("tool.notes_read").outcome(), "standing within the hour");
        assertEquals(1, policy.standingGrants().size());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Outcome.PENDING, call("tool.notes_read").outcome(), "expired after the hour");
        assertEquals(0, policy.standingGrants().size());
    }

    @Test
    void revokingInTheLedgerStopsTheNextCall() {
        policy.approve(call("tool.notes_write").approvalId().orElseThrow(), TrustWindow.UNTIL_REVOKED, "admin");
        assertEquals(Outcome.ALLOW, call("tool.notes_write").outcome());
        String id = policy.standingGrants().get(0).grant().id();
        assertTrue(policy.revokeGrant(id, "admin").isPresent());
        assertEquals(Outcome.PENDING, call("tool.notes_write").outcome());
    }

    @Test
    void unknownCapabilityIsDeniedAndEveryDecisionIsAudited() {
        assertEquals(Outcome.DENY, call("tool.nope").outcome());
        TrustDecision pending = call("tool.notes_write");
        policy.deny(pending.approvalId().orElseThrow(), "admin");
        List<String> outcomes = audit.query(null, null, null, 0, 100).stream().map(r -> r.action + ":" + r.outcome).toList();
        assertEquals(List.of("tool.nope:denied", "tool.notes_write:pending", "approval.tool.notes_write:denied"), outcomes);
        assertTrue(audit.verify().ok);
    }

    @Test
    void awaitingCallResumesOnApprovalAndSpendsTheOnceGrant() throws Exception {
        TrustDecision pending = call("tool.notes_write");
        CompletableFuture<TrustDecision> waiting = policy.awaitApproval(pending.approvalId().orElseThrow()).toCompletableFuture();
        assertFalse(waiting.isDone());
        policy.approve(pending.approvalId().orElseThrow(), null, "admin");
        assertEquals(Outcome.ALLOW, waiting.get().outcome());
        assertEquals(Outcome.PENDING, call("tool.notes_write").outcome(), "the waiting call used the one grant");
    }

    @Test
    void aCallThatStartsWaitingAfterAQuickApprovalStillGetsItAndSpendsTheOnceGrant() throws Exception {
        TrustDecision pending = call("tool.notes_write");
        String id = pending.approvalId().orElseThrow();
        policy.approve(id, null, "admin"); // the human was faster than the agent
        TrustDecision late = policy.awaitApproval(id).toCompletableFuture().get();
        assertEquals(Outcome.ALLOW, late.outcome(), late.reason());
        assertEquals(Outcome.PENDING, call("tool.notes_write").outcome(), "the late waiter used the one grant");
        TrustDecision denied = call("tool.notes_write");
        policy.deny(denied.approvalId().orElseThrow(), "admin");
        assertEquals(Outcome.DENY, policy.awaitApproval(denied.approvalId().orElseThrow()).toCompletableFuture().get().outcome());
        assertEquals(Outcome.DENY, policy.awaitApproval("no-such-id").toCompletableFuture().get().outcome());
    }

    @Test
    void approvalsTimeOutAndTheWaitingCallFailsCleanly() throws Exception {
        TrustDecision pending = call("tool.notes_write");
        CompletableFuture<TrustDecision> waiting = policy.awaitApproval(pending.approvalId().orElseThrow()).toCompletableFuture();
        clock.advance(Duration.ofSeconds(599));
        assertEquals(0, policy.expireDue());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, policy.expireDue());
        assertEquals(Outcome.DENY, waiting.get().outcome());
        assertEquals("approval expired", waiting.get().reason());
        assertTrue(policy.approve(pending.approvalId().orElseThrow(), TrustWindow.ONCE, "admin").isEmpty(), "too late to approve");
    }

    @Test
    void reconfiguringATargetPurgesItsGrants() {
        policy.approve(call("tool.notes_write").approvalId().orElseThrow(), TrustWindow.SEVEN_DAYS, "admin");
        assertEquals(Outcome.ALLOW, call("tool.notes_write").outcome());
        // the same capability re-registered with another sensitivity/schema/target is a different thing
        policy.register(dev.nexo.api.trust.Capability.builder("tool.notes_write", Sensitivity.WRITE)
                .requestSchema("{\"type\":\"object\",\"required\":[\"path\"]}")
                .providedBy(dev.nexo.api.trust.Provenance.INSTALLED_BUNDLE, "x").build());
        assertEquals(Outcome.PENDING, call("tool.notes_write").outcome());
        assertEquals(0, policy.purgeGrants("tool", "nothing left"));
    }

    @Test
    void grantsSurviveARestartOfTheService() {
        policy.approve(call("tool.notes_write").approvalId().orElseThrow(), TrustWindow.ONE_DAY, "admin");
        TrustPolicyService again = new TrustPolicyService(db, audit, clock, Fixtures.config(600, false), false);
        again.register(Fixtures.capability("tool.notes_write", Sensitivity.WRITE));
        assertEquals(Outcome.ALLOW, again.check(AccessRequest.builder("default", "agent-a", "tool.notes_write").build()).outcome());
        assertEquals(Outcome.PENDING, again.check(AccessRequest.builder("default", "agent-b", "tool.notes_write").build()).outcome(),
                "an agent cannot use another agent's grant");
    }

    @Test
    void automaticReadGrantsWhenConfigured() {
        TrustPolicyService auto = new TrustPolicyService(db, audit, clock, Fixtures.config(600, true), false);
        auto.register(Fixtures.capability("tool.notes_read", Sensitivity.READ));
        auto.register(Fixtures.capability("tool.notes_write", Sensitivity.WRITE));
        assertEquals(Outcome.ALLOW, auto.check(AccessRequest.builder("default", "agent-a", "tool.notes_read").build()).outcome());
        assertEquals(Outcome.PENDING, auto.check(AccessRequest.builder("default", "agent-a", "tool.notes_write").build()).outcome());
    }

    @Test
    void aOnceGrantServesExactlyOneOfManyConcurrentCalls() throws Exception {
        policy.approve(call("tool.notes_write").approvalId().orElseThrow(), TrustWindow.ONCE, "admin");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<TrustDecision>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> call("tool.notes_write")));
            }
            long allowed = 0;
            for (java.util.concurrent.Future<TrustDecision> f : calls) {
                allowed += f.get().isAllowed() ? 1 : 0;
            }
            assertEquals(1, allowed);
        } finally {
            pool.shutdownNow();
        }
    }
}
