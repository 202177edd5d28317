package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Grant;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision.Outcome;
import dev.nexo.api.trust.TrustWindow;

/**
 * Grants are tied to the version of the plugin that was granted, also across restarts: a
 * capability registered with another {@code nexo.trust.target} than the one stored from its last
 * registration loses its grants, whether the change happens in one run or while the container
 * was down. Real SQLite files, closed and reopened like a container restart.
 */
class CapabilityTargetTest {
    private static final String CAP = "plugin.p.hook.before_message";

    @TempDir
    Path dir;
    private TrustDb db;
    private AuditStore audit;
    private Fixtures.ManualClock clock;
    private TrustPolicyService policy;

    @BeforeEach
    void setUp() {
        clock = new Fixtures.ManualClock();
        open();
    }

    @AfterEach
    void tearDown() {
        policy.deactivate();
        db.close();
    }

    private void open() {
        db = Fixtures.db(dir);
        audit = new AuditStore(db, clock, 0, false);
        policy = new TrustPolicyService(db, audit, clock, Fixtures.config(600, false), false);
    }

    /** The container stops (the policy and the database close) and starts again on the same files. */
    private void restart() {
        policy.deactivate();
        db.close();
        open();
    }

    /** What plugin.host registers for a hook of plugin {@code p}: a Capability service with its target. */
    private void registerPlugin(String version) {
        Capability cap = Capability.builder(CAP, Sensitivity.WRITE).description("hook before_message")
                .providedBy(Provenance.SUBPROCESS_PLUGIN, "p").build();
        policy.addCapability(cap, Map.of(TrustPolicyService.TARGET, "p@" + version, "nexo.plugin.id", "p"));
    }

    private Grant grant() {
        return policy.grantByOperator("agent-a", "default", CAP, TrustWindow.UNTIL_REVOKED, "admin").orElseThrow();
    }

    private Outcome call() {
        return policy.check(AccessRequest.builder("default", "agent-a", CAP).build()).outcome();
    }

    private List<AuditStore.Row> purges() {
        return audit.query("policy", "grant.purge", null, 0, 100);
    }

    private Long revokedAt(String grantId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT revoked_at FROM grants WHERE id = ?")) {
                ps.setString(1, grantId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the grant row is kept, revoked or not");
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
            }
        });
    }

    private static String purgeArgs(String from, String to) {
        return "{\"capability\":\"" + CAP + "\",\"count\":1,\"reason\":\"capability " + CAP + " was registered with target "
                + to + " (was " + from + ")\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
    }

    @Test
    void anUpgradeWhileTheContainerWasDownRevokesTheOldVersionsGrants() {
        registerPlugin("1.0.0");
        Grant g = grant();
        assertEquals(Outcome.ALLOW, call());
        // another agent's request for the old version is still queued when the container stops
        assertEquals(Outcome.PENDING, policy.check(AccessRequest.builder("default", "agent-b", CAP).build()).outcome());

        restart();
        assertEquals(1, policy.pendingApprovals().size(), "restored by the next run");
        registerPlugin("1.1.0");

        assertTrue(policy.pendingApprovals().isEmpty(), "an approval asked for p@1.0.0 cannot grant p@1.1.0");

        assertTrue(policy.standingGrants().isEmpty(), "the grant made for p@1.0.0 is gone");
        assertNotNull(revokedAt(g.id()), "and revoked in the database, not only in memory");
        assertEquals(Outcome.PENDING, call(), "p@1.1.0 needs the operator's approval again");
        List<AuditStore.Row> purges = purges();
        assertEquals(1, purges.size(), "one audited revocation");
        assertEquals("revoked", purges.get(0).outcome);
        assertEquals(Redaction.hash(purgeArgs("p@1.0.0", "p@1.1.0")), purges.get(0).argsHash,
                "the audit row names both targets");

        restart();
        registerPlugin("1.1.0");
        assertEquals(1, purges().size(), "the new target was stored: the next restart revokes nothing more");
    }

    @Test
    void theSameVersionAfterARestartKeepsItsGrants() {
        registerPlugin("1.0.0");
        Grant g = grant();

        restart();
        registerPlugin("1.0.0");

        assertEquals(List.of(g.id()), policy.standingGrants().stream().map(e -> e.grant().id()).toList());
        assertNull(revokedAt(g.id()));
        assertEquals(Outcome.ALLOW, call());
        assertTrue(purges().isEmpty(), "nothing revoked, nothing audited as revoked");
    }

    @Test
    void anUpgradeWithinOneRunTakesTheSamePathAndWritesTheSameAudit() {
        registerPlugin("1.0.0");
        grant();
        policy.removeCapability(policy.capability(CAP).orElseThrow());

        registerPlugin("1.1.0");

        assertEquals(Outcome.PENDING, call());
        List<AuditStore.Row> purges = purges();
        assertEquals(1, purges.size());
        assertEquals(Redaction.hash(purgeArgs("p@1.0.0", "p@1.1.0")), purges.get(0).argsHash);

        restart();
        registerPlugin("1.1.0");
        assertEquals(1, purges().size(), "the in-run change was stored too");
    }

    @Test
    void aDatabaseFromBeforeTargetsWereStoredKeepsItsGrantsAndTheFirstRegistrationRevokesNothing() throws Exception {
        registerPlugin("1.0.0");
        Grant g = grant();
        policy.deactivate();
        // the file as the previous release left it: grants, no table of targets
        db.with(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS capability_targets");
            }
            return null;
        });
        db.close();
        open();

        registerPlugin("1.1.0");

        assertEquals(List.of(g.id()), policy.standingGrants().stream().map(e -> e.grant().id()).toList(),
                "existing grants survive the schema migration; a first registration revokes nothing");
        assertTrue(purges().isEmpty());

        restart();
        registerPlugin("1.2.0");
        assertTrue(policy.standingGrants().isEmpty(), "from then on the stored target counts");
        assertEquals(Redaction.hash(purgeArgs("p@1.1.0", "p@1.2.0")), purges().get(0).argsHash);
    }
}
