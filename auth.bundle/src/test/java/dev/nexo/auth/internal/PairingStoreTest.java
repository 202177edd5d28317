package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.trust.PairingService;
import dev.nexo.api.trust.PairingService.Status;

class PairingStoreTest {
    @TempDir
    Path dir;
    private TrustDb db;
    private Fixtures.ManualClock clock;
    private PairingStore pairing;

    /** The seam a router uses: messages of a pairing-gated binding reach the agent only when the sender is paired. */
    record Gate(PairingService pairing, Consumer<String> agent, List<String> challenges) {
        void inbound(String sender, String text) {
            PairingService.Verdict v = pairing.check("telegram", "bot1", sender);
            if (v.delivers()) {
                agent.accept(text);
            } else if (v.status() == Status.CHALLENGE) {
                challenges.add(v.code());
            }
        }
    }

    @BeforeEach
    void setUp() {
        db = Fixtures.db(dir);
        clock = new Fixtures.ManualClock();
        pairing = new PairingStore(db, new AuditStore(db, clock, 0, false), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anUnknownSendersMessagesReachTheAgentOnlyAfterApproval() {
        List<String> delivered = new ArrayList<>();
        Gate gate = new Gate(pairing, delivered::add, new ArrayList<>());
        gate.inbound("alice", "hello");
        gate.inbound("alice", "anyone there?");
        assertEquals(List.of(), delivered);
        assertEquals(2, gate.challenges().size());
        assertEquals(gate.challenges().get(0), gate.challenges().get(1), "the same code while it is valid");
        String code = gate.challenges().get(0);
        assertTrue(code.matches("[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}"), code);

        assertTrue(pairing.approve(code, "admin").isPresent());
        assertTrue(pairing.approve(code, "admin").isEmpty(), "approval is atomic: once");
        gate.inbound("alice", "now?");
        assertEquals(List.of("now?"), delivered);
    }

    @Test
    void atMostThreePendingPerAccountFurtherSendersDroppedSilently() {
        for (String s : List.of("a", "b", "c")) {
            assertEquals(Status.CHALLENGE, pairing.check("telegram", "bot1", s).status());
        }
        PairingService.Verdict fourth = pairing.check("telegram", "bot1", "d");
        assertEquals(Status.DROPPED, fourth.status());
        assertNull(fourth.code());
        assertEquals(Status.CHALLENGE, pairing.check("telegram", "bot2", "d").status(), "per account");
    }

    @Test
    void codesExpireAfterSixtyMinutes() {
        String code = pairing.check("email", "inbox", "bob@example.org").code();
        clock.advance(Duration.ofMinutes(60));
        assertTrue(pairing.approve(code, "admin").isEmpty());
        String fresh = pairing.check("email", "inbox", "bob@example.org").code();
        assertNotNull(fresh);
        assertTrue(pairing.approve(fresh, "admin").isPresent());
    }

    @Test
    void rejectedSendersAreDroppedAndSeededSendersPassWithoutACode() {
        String code = pairing.check("telegram", "bot1", "mallory").code();
        pairing.reject(code, "admin");
        assertEquals(Status.DROPPED, pairing.check("telegram", "bot1", "mallory").status());
        pairing.seed("telegram", "bot1", "carol", "admin");
        assertEquals(Status.ALLOWED, pairing.check("telegram", "bot1", "carol").status());
        assertTrue(pairing.revoke("telegram", "bot1", "carol", "admin"));
        assertEquals(Status.CHALLENGE, pairing.check("telegram", "bot1", "carol").status());
    }
}
