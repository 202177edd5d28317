package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustDecision.Outcome;
import dev.nexo.api.trust.TrustWindow;

/**
 * Pending approvals survive a restart of the trust service: one an agent can still use comes back
 * pending and can be approved; one whose in-process caller is gone is shown as abandoned; one that
 * expired meanwhile is shown as expired; each closing leaves an audit row.
 */
class ApprovalPersistenceTest {
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
        policy = start();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TrustPolicyService start() {
        TrustPolicyService p = new TrustPolicyService(db, audit, clock, Fixtures.config(600, false), false);
        p.register(Fixtures.capability("tool.notes_write", Sensitivity.WRITE));
        p.register(Fixtures.capability("tool.notes_read", Sensitivity.READ));
        return p;
    }

    /** A container crash: no deactivate, the database is reopened by the next run. */
    private TrustPolicyService crashAndRestart() {
        db.close();
        db = Fixtures.db(dir);
        audit = new AuditStore(db, clock, 0, false);
        return start();
    }

    private TrustDecision call(TrustPolicyService p, String capability) {
        return p.check(AccessRequest.builder("default", "agent-a", capability).arguments("{\"text\":\"hi\",\"api_key\":\"pw-1\"}").build());
    }

    private List<String> outcomes(String action) {
        return audit.query(null, action, null, 0, 100).stream().map(r -> r.outcome).toList();
    }

    @Test
    void aGrantRequestSurvivesACrashAndCanStillBeApproved() {
        TrustDecision requested = policy.requestGrant("agent-a", "default", "tool.notes_read", TrustWindow.ONE_DAY);
        String id = requested.approvalId().orElseThrow();

        policy = crashAndRestart();

        assertEquals(List.of(id), policy.pendingApprovals().stream().map(p -> p.id).toList(), "the queue came back");
        ApprovalQueue.Pending back = policy.pendingApproval(id).orElseThrow();
        assertEquals("tool.notes_read", back.capability.id());
        assertEquals(TrustWindow.ONE_DAY, back.requestedWindow);
        assertEquals(ApprovalQueue.PENDING, back.status);
        assertTrue(policy.approve(id, null, "admin").isPresent());
        assertEquals(Outcome.ALLOW, call(policy, "tool.notes_read").outcome());
    }

    @Test
    void aCallWhoseCallerDiedIsShownAsAbandonedWithAnAuditRow() {
        TrustDecision pending = call(policy, "tool.notes_write");
        String id = pending.approvalId().orElseThrow();
        CompletableFuture<TrustDecision> waiting = policy.awaitApproval(id).toCompletableFuture();
        assertTrue(!waiting.isDone());

        policy = crashAndRestart();

        assertEquals(List.of(), policy.pendingApprovals(), "nothing can resume that call");
        List<ApprovalQueue.Pending> closed = policy.closedApprovals();
        assertEquals(1, closed.size());
        assertEquals(id, closed.get(0).id);
        assertEquals(ApprovalQueue.ABANDONED, closed.get(0).status);
        assertTrue(closed.get(0).arguments.contains("[redacted]") && !closed.get(0).arguments.contains("pw-1"),
                "what is stored is redacted: " + closed.get(0).arguments);
        assertEquals(List.of(ApprovalQueue.ABANDONED), outcomes("approval.tool.notes_write").stream()
                .filter(o -> !o.equals("pending")).toList());
        assertTrue(policy.approve(id, TrustWindow.ONCE, "admin").isEmpty(), "an abandoned approval cannot be approved");
    }

    @Test
    void anApprovalThatExpiredWhileDownIsShownAsExpired() {
        String id = policy.requestGrant("agent-a", "default", "tool.notes_read", TrustWindow.ONE_HOUR).approvalId().orElseThrow();
        clock.advance(Duration.ofMinutes(11)); // past the 600 s approval timeout

        policy = crashAndRestart();

        assertEquals(List.of(), policy.pendingApprovals());
        assertEquals(List.of(id), policy.closedApprovals().stream().map(p -> p.id).toList());
        assertEquals(ApprovalQueue.EXPIRED, policy.closedApprovals().get(0).status);
        assertEquals(List.of(ApprovalQueue.EXPIRED), outcomes("approval.tool.notes_read"));

        clock.advance(ApprovalQueue.HISTORY.plusMinutes(1));
        assertEquals(List.of(), policy.closedApprovals(), "shown for a day, then only in the audit log");
    }

    @Test
    void aGracefulStopFailsTheWaitingCallAndAbandonsItButKeepsGrantRequests() {
        String call = call(policy, "tool.notes_write").approvalId().orElseThrow();
        CompletableFuture<TrustDecision> waiting = policy.awaitApproval(call).toCompletableFuture();
        String request = policy.requestGrant("agent-a", "default", "tool.notes_read", TrustWindow.ONE_HOUR).approvalId().orElseThrow();

        policy.deactivate();
        assertEquals(Outcome.DENY, waiting.join().outcome(), "the waiting call fails cleanly");

        policy = start();
        assertEquals(List.of(request), policy.pendingApprovals().stream().map(p -> p.id).toList());
        assertEquals(List.of(call), policy.closedApprovals().stream().map(p -> p.id).toList());
        assertEquals(List.of(ApprovalQueue.ABANDONED), outcomes("approval.tool.notes_write").stream()
                .filter(o -> !o.equals("pending")).toList(), "exactly one audit row for the abandonment");
    }

    @Test
    void decidedApprovalsAreNotListedAgainAfterARestart() {
        String id = call(policy, "tool.notes_write").approvalId().orElseThrow();
        policy.deny(id, "admin");
        policy = crashAndRestart();
        assertEquals(List.of(), policy.pendingApprovals());
        assertEquals(List.of(), policy.closedApprovals());
    }
}
