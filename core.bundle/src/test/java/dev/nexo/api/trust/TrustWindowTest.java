package dev.nexo.api.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustWindowTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @ParameterizedTest
    @CsvSource({"once, ONCE", "1h, ONE_HOUR", "1d, ONE_DAY", "7d, SEVEN_DAYS", "until-revoked, UNTIL_REVOKED"})
    void parsesWireNames(String wire, TrustWindow expected) {
        assertEquals(expected, TrustWindow.parse(wire));
        assertEquals(wire, expected.wireName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ONCE", "1w", "until_revoked", "24h"})
    void rejectsUnknownNames(String wire) {
        assertThrows(IllegalArgumentException.class, () -> TrustWindow.parse(wire));
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> TrustWindow.parse(null));
    }

    @ParameterizedTest
    @EnumSource(TrustWindow.class)
    void executeIsNeverStanding(TrustWindow w) {
        assertEquals(w == TrustWindow.ONCE, w.isAllowedFor(Sensitivity.EXECUTE));
        assertEquals(TrustWindow.ONCE, w.clampFor(Sensitivity.EXECUTE));
        assertTrue(w.isAllowedFor(Sensitivity.READ));
        assertTrue(w.isAllowedFor(Sensitivity.WRITE));
        assertEquals(w, w.clampFor(Sensitivity.WRITE));
    }

    @Test
    void standingAndExpiry() {
        assertFalse(TrustWindow.ONCE.isStanding());
        assertTrue(TrustWindow.UNTIL_REVOKED.isStanding());
        assertEquals(Optional.of(T0.plus(Duration.ofDays(7))), TrustWindow.SEVEN_DAYS.expiryFrom(T0));
        assertEquals(Optional.of(T0.plusSeconds(3600)), TrustWindow.ONE_HOUR.expiryFrom(T0));
        assertTrue(TrustWindow.UNTIL_REVOKED.expiryFrom(T0).isEmpty());
        assertTrue(TrustWindow.ONCE.duration().isEmpty());
    }

    @Test
    void sensitivityRules() {
        assertFalse(Sensitivity.READ.requiresApproval());
        assertTrue(Sensitivity.WRITE.requiresApproval());
        assertTrue(Sensitivity.EXECUTE.requiresApproval());
        assertTrue(Sensitivity.WRITE.mayStand());
        assertFalse(Sensitivity.EXECUTE.mayStand());
        assertEquals(Sensitivity.EXECUTE, Sensitivity.fromWire("execute"));
        assertEquals("subprocess-plugin", Provenance.SUBPROCESS_PLUGIN.wireName());
        assertEquals(Provenance.MCP_SERVER, Provenance.fromWire("mcp-server"));
        assertThrows(IllegalArgumentException.class, () -> Provenance.fromWire("mcp_server"));
    }
}
