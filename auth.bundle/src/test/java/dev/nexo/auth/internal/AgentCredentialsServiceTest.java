package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.trust.AgentPrincipal;

/** Agent tokens for surfaces outside the gateway (MCP): agent tokens only, never the connection-key. */
class AgentCredentialsServiceTest {
    @TempDir
    Path dir;
    private TrustDb db;
    private Fixtures.RotatingKey key;
    private AgentRegistry agents;
    private AgentCredentialsService credentials;

    @BeforeEach
    void setUp() {
        db = Fixtures.db(dir);
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        AuditStore audit = new AuditStore(db, clock, 0, false);
        key = new Fixtures.RotatingKey();
        agents = new AgentRegistry(db, audit, key, clock);
        credentials = new AgentCredentialsService(agents, key, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aLiveAgentTokenNamesItsAgentAndTenant() {
        String token = agents.redeem(agents.connect("coder", "team-a")).orElseThrow();
        assertEquals(new AgentPrincipal("coder", "team-a"), credentials.authenticate(token).orElseThrow());
    }

    @Test
    void theConnectionKeyUnknownEmptyAndRevokedTokensAreRefused() {
        String token = agents.redeem(agents.connect("coder", "default")).orElseThrow();
        assertTrue(credentials.authenticate(key.current()).isEmpty(), "the connection-key is no agent credential");
        assertTrue(credentials.authenticate(null).isEmpty());
        assertTrue(credentials.authenticate("").isEmpty());
        assertTrue(credentials.authenticate(token + "x").isEmpty());
        agents.revoke("coder", "admin");
        assertTrue(credentials.authenticate(token).isEmpty());
    }
}
