package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRegistryTest {
    @TempDir
    Path dir;
    private TrustDb db;
    private AuditStore audit;
    private Fixtures.ManualClock clock;
    private Fixtures.RotatingKey key;
    private AgentRegistry agents;

    @BeforeEach
    void setUp() {
        db = Fixtures.db(dir);
        clock = new Fixtures.ManualClock();
        audit = new AuditStore(db, clock, 0, false);
        key = new Fixtures.RotatingKey();
        agents = new AgentRegistry(db, audit, key, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anEnrollmentCodeWorksOnceForItsAgent() {
        String code = agents.connect("coder", "default");
        assertTrue(code.startsWith("nexo_enroll_"));
        String token = agents.redeem(code).orElseThrow();
        assertTrue(token.startsWith("nexo_agent_"));
        assertEquals("coder", agents.authenticate(token).orElseThrow().agentId());
        assertTrue(agents.redeem(code).isEmpty(), "single use");
    }

    @Test
    void anEnrollmentCodeExpiresAfterFifteenMinutes() {
        String fresh = agents.connect("a1", "default");
        String stale = agents.connect("a2", "default");
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertTrue(agents.redeem(fresh).isPresent(), "still valid just before 15 minutes");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(agents.redeem(stale).isEmpty(), "not after 15 minutes");
    }

    @Test
    void onlyHashesAreStored() {
        String code = agents.connect("coder", "default");
        String token = agents.redeem(code).orElseThrow();
        List<String> stored = db.with(c -> {
            List<String> all = new java.util.ArrayList<>();
            for (String sql : new String[] {"SELECT token_hash FROM tokens", "SELECT code_hash FROM enrollment"}) {
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        all.add(rs.getString(1));
                    }
                }
            }
            return all;
        });
        assertEquals(List.of(Secrets.sha256(token), Secrets.sha256(code)), stored);
    }

    @Test
    void rotatingTheConnectionKeyInvalidatesEveryTokenAndCode() {
        String t1 = agents.redeem(agents.connect("a1", "default")).orElseThrow();
        String t2 = agents.redeem(agents.connect("a2", "default")).orElseThrow();
        String unused = agents.connect("a3", "default");
        key.rotate();
        assertTrue(agents.authenticate(t1).isEmpty());
        assertTrue(agents.authenticate(t2).isEmpty());
        assertTrue(agents.redeem(unused).isEmpty(), "codes minted under the old key are dead too");
    }

    @Test
    void revokingAnAgentStopsItsTokensAndOnlyItsTokens() {
        String t1 = agents.redeem(agents.connect("a1", "default")).orElseThrow();
        String t2 = agents.redeem(agents.connect("a2", "default")).orElseThrow();
        assertTrue(agents.revoke("a1", "admin"));
        assertTrue(agents.authenticate(t1).isEmpty());
        assertEquals("a2", agents.authenticate(t2).orElseThrow().agentId(), "an agent cannot act as another; others unaffected");
        assertFalse(agents.revoke("a1", "admin"));
    }

    @Test
    void theConnectionKeyIsNoAgentToken() {
        assertTrue(agents.authenticate(key.current()).isEmpty());
        assertTrue(agents.authenticate(null).isEmpty());
        assertTrue(agents.authenticate("nexo_agent_" + "x".repeat(500)).isEmpty());
    }

    @Test
    void everyCaseLeavesAuditRowsDenialsIncluded() {
        agents.redeem(agents.connect("a1", "default"));
        agents.redeem("nexo_enroll_bogus");
        List<String> rows = audit.query(null, "agent.", null, 0, 100).stream().map(r -> r.action + ":" + r.outcome).toList();
        assertEquals(List.of("agent.connect:ok", "agent.enroll:ok", "agent.enroll:denied"), rows);
    }
}
