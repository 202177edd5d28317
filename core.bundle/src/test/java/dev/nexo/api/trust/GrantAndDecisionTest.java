package dev.nexo.api.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantAndDecisionTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Capability READ = Capability.builder("workspace.read", Sensitivity.READ)
            .providedBy(Provenance.FIRST_PARTY, "dev.nexo.core").build();
    private static final Capability RUN = Capability.builder("shell.run", Sensitivity.EXECUTE)
            .providedBy(Provenance.SUBPROCESS_PLUGIN, "shell").description("Runs a command")
            .requestSchema("{\"type\":\"object\"}").build();

    @Test
    void capabilityNeedsIdSensitivityAndProvenance() {
        assertThrows(IllegalArgumentException.class,
                () -> Capability.builder("Bad Id", Sensitivity.READ).providedBy(Provenance.FIRST_PARTY, "x").build());
        assertThrows(IllegalArgumentException.class,
                () -> Capability.builder("a..b", Sensitivity.READ).providedBy(Provenance.FIRST_PARTY, "x").build());
        assertThrows(NullPointerException.class,
                () -> Capability.builder("a.b", null).providedBy(Provenance.FIRST_PARTY, "x").build());
        assertThrows(NullPointerException.class, () -> Capability.builder("a.b", Sensitivity.READ).build());
        assertThrows(IllegalArgumentException.class,
                () -> Capability.builder("a.b", Sensitivity.READ).providedBy(Provenance.FIRST_PARTY, " ").build());
        assertThrows(IllegalArgumentException.class, () -> Capability.builder("a.b", Sensitivity.READ)
                .providedBy(Provenance.FIRST_PARTY, "x").requestSchema("nope").build());
        assertEquals(Optional.of("{\"type\":\"object\"}"), RUN.requestSchema());
    }

    @Test
    void executeGrantsCannotStand() {
        assertThrows(IllegalArgumentException.class, () -> Grant.of("g1", RUN, "ana", TrustWindow.SEVEN_DAYS, T0, "admin"));
        assertThrows(IllegalArgumentException.class, () -> Grant.of("g1", RUN, "ana", TrustWindow.UNTIL_REVOKED, T0, "admin"));
        Grant once = Grant.of("g1", RUN, "ana", TrustWindow.ONCE, T0, "admin");
        assertTrue(once.isActiveAt(T0.plusSeconds(5)));
    }

    @Test
    void grantExpiresAndRevokes() {
        Grant g = Grant.of("g2", READ, "ana", TrustWindow.ONE_DAY, T0, "policy");
        assertTrue(g.isActiveAt(T0));
        assertTrue(g.isActiveAt(T0.plusSeconds(86399)));
        assertFalse(g.isActiveAt(T0.plusSeconds(86400)));
        Grant revoked = g.revokedAt(T0.plusSeconds(60));
        assertTrue(revoked.isActiveAt(T0.plusSeconds(59)));
        assertFalse(revoked.isActiveAt(T0.plusSeconds(60)));
        assertTrue(g.revokedAt().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> g.revokedAt(T0.minusSeconds(1)));
        Grant forever = Grant.of("g3", READ, "ana", TrustWindow.UNTIL_REVOKED, T0, "admin");
        assertTrue(forever.isActiveAt(Instant.MAX));
    }

    @Test
    void decisions() {
        assertTrue(TrustDecision.allow("g1").isAllowed());
        TrustDecision p = TrustDecision.pending("ap-1", "write capability");
        assertEquals(TrustDecision.Outcome.PENDING, p.outcome());
        assertEquals(Optional.of("ap-1"), p.approvalId());
        assertFalse(p.isAllowed());
        assertThrows(IllegalArgumentException.class, () -> TrustDecision.deny(" "));
        assertThrows(IllegalArgumentException.class, () -> TrustDecision.pending(null, "x"));
        assertEquals("no grant", TrustDecision.deny("no grant").reason());
    }

    @Test
    void accessRequestValidates() {
        AccessRequest r = AccessRequest.builder("acme", "ana", "workspace.read").arguments("{\"path\":\"a\"}").build();
        assertEquals("workspace.read", r.capabilityId());
        assertThrows(IllegalArgumentException.class, () -> AccessRequest.builder("acme", "", "x.y").build());
        assertThrows(IllegalArgumentException.class, () -> AccessRequest.builder("acme", "ana", "x.y").arguments("oops").build());
    }
}
