package dev.nexo.auth.internal;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.Grant;

/**
 * Gogo commands in the {@code nexo} scope: {@code grants}, {@code revoke <grant>},
 * {@code approvals}, {@code approve <id> [window]}, {@code deny <id>}, {@code agents},
 * {@code pairing [list | approve <code> | reject <code> | seed <channel> <instance> <sender> |
 * forget <channel> <instance> <sender>]}, {@code auditverify}.
 */
@Component(service = TrustCommands.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=grants",
    "osgi.command.function=revoke",
    "osgi.command.function=approvals",
    "osgi.command.function=approve",
    "osgi.command.function=deny",
    "osgi.command.function=agents",
    "osgi.command.function=pairing",
    "osgi.command.function=auditverify"
})
public class TrustCommands {
    private static final String OPERATOR = "gogo";
    private final TrustPolicyService policy;
    private final AgentRegistry agents;
    private final PairingStore pairing;
    private final AuditStore audit;

    @Activate
    public TrustCommands(@Reference TrustPolicyService policy, @Reference AgentRegistry agents,
            @Reference PairingStore pairing, @Reference AuditStore audit) {
        this.policy = policy;
        this.agents = agents;
        this.pairing = pairing;
        this.audit = audit;
    }

    /** Lists every standing grant. */
    public void grants() {
        PrintStream out = System.out;
        out.printf("%-36s  %-20s  %-30s  %-13s  %s%n", "ID", "SUBJECT", "CAPABILITY", "WINDOW", "EXPIRES");
        for (GrantLedger.Entry e : policy.standingGrants()) {
            Grant g = e.grant();
            out.printf("%-36s  %-20s  %-30s  %-13s  %s%n", g.id(), g.subjectId(), g.capabilityId(), g.window().wireName(),
                    g.expiresAt().map(Object::toString).orElse("-"));
        }
    }

    /** Revokes one grant at once. */
    public void revoke(String grantId) {
        System.out.println(policy.revokeGrant(grantId, OPERATOR).isPresent() ? "revoked " + grantId : "no standing grant " + grantId);
    }

    /** Lists pending approvals. */
    public void approvals() {
        PrintStream out = System.out;
        for (ApprovalQueue.Pending p : policy.pendingApprovals()) {
            out.printf("%s  %s wants %s (%s)  args %s  expires %s%n", p.id, p.subject, p.capability.id(),
                    p.capability.sensitivity().wireName(), p.arguments, p.expiresAt);
        }
    }

    /** Approves for one use. */
    public void approve(String approvalId) {
        approve(approvalId, "once");
    }

    /** Approves with a window (execute is capped at once). */
    public void approve(String approvalId, String window) {
        System.out.println(policy.approve(approvalId, dev.nexo.api.trust.TrustWindow.parse(window), OPERATOR)
                .map(g -> "approved: grant " + g.id() + " (" + g.window().wireName() + ")").orElse("no pending approval " + approvalId));
    }

    /** Denies; the waiting call fails. */
    public void deny(String approvalId) {
        System.out.println(policy.deny(approvalId, OPERATOR) ? "denied " + approvalId : "no pending approval " + approvalId);
    }

    /** Lists agents of the gateway. */
    public void agents() {
        for (AgentRegistry.AgentDTO a : agents.list()) {
            System.out.printf("%-24s  tenant %-12s  tokens %d  %s%n", a.id, a.tenant, a.activeTokens,
                    a.revokedAt == null ? "" : "REVOKED " + a.revokedAt);
        }
    }

    /** Lists paired and pending senders. */
    public void pairing() {
        for (PairingStore.SenderDTO s : pairing.list()) {
            System.out.printf("%-10s  %-16s  %-24s  %-9s  %s%n", s.channel, s.instance, s.sender, s.status,
                    s.code == null ? "" : s.code + " until " + s.expiresAt);
        }
    }

    /** {@code pairing approve|reject <code>}. */
    public void pairing(String action, String code) {
        switch (action) {
            case "approve" -> System.out.println(pairing.approve(code, OPERATOR).map(s -> "paired " + s.sender).orElse("no pending code " + code));
            case "reject" -> System.out.println(pairing.reject(code, OPERATOR).map(s -> "rejected " + s.sender).orElse("no pending code " + code));
            default -> System.out.println("usage: pairing [approve|reject] <code>");
        }
    }

    /** {@code pairing seed|forget <channel> <instance> <sender>}. */
    public void pairing(String action, String channel, String instance, String sender) {
        switch (action) {
            case "seed" -> System.out.println("paired " + pairing.seed(channel, instance, sender, OPERATOR).sender);
            case "forget" -> System.out.println(pairing.revoke(channel, instance, sender, OPERATOR) ? "forgotten" : "no such sender");
            default -> System.out.println("usage: pairing [seed|forget] <channel> <instance> <sender>");
        }
    }

    /** Checks the audit log's hash chain. */
    public void auditverify() {
        AuditStore.Verification v = audit.verify();
        System.out.println(v.ok ? "audit chain intact: " + v.rows + " rows" : "audit chain BROKEN at row " + v.brokenAt);
    }
}
