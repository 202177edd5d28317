package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.nexo.api.trust.AgentPrincipal;

/** Rate limit, concurrency cap and sessions, on an injected clock. */
class AdmissionTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(1_000_000L);

    @Test
    void theBucketRefusesPastTheBurstAndSaysWhenOneTokenIsBack() {
        RateLimiter r = new RateLimiter(4, 2, nanos::get);
        assertEquals(0, r.acquire("a"));
        assertEquals(0, r.acquire("a"));
        assertEquals(250, r.acquire("a"), "4 rps: one token every 250 ms");
        assertEquals(0, r.acquire("b"), "buckets are per key");
        nanos.addAndGet(250_000_000L);
        assertEquals(0, r.acquire("a"));
        assertEquals(250, r.acquire("a"));
    }

    @Test
    void fullBucketsAreSweptAndRateZeroMeansUnlimited() {
        RateLimiter r = new RateLimiter(1, 1, nanos::get);
        r.acquire("a");
        assertEquals(0, r.sweep(), "an empty bucket holds state");
        nanos.addAndGet(2_000_000_000L);
        assertEquals(1, r.sweep());
        RateLimiter off = new RateLimiter(0, 1, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, off.acquire("a"));
        }
    }

    @Test
    void theGateRefusesOverTheCapAndAClosedPermitFreesItsSlotOnce() throws Exception {
        ConcurrencyGate g = new ConcurrencyGate(1, 0);
        ConcurrencyGate.Permit p = g.acquire("k");
        assertNotNull(p);
        assertNull(g.acquire("k"));
        assertNotNull(g.acquire("other"));
        p.close();
        p.close();
        assertEquals(0, g.inFlight("k"));
        ConcurrencyGate.Permit again = g.acquire("k");
        assertNotNull(again);
        assertNull(g.acquire("k"), "a double close must not have released two slots");
    }

    @Test
    void sessionsAreBoundToTheirAgentAndExpireWhenIdle() {
        AgentPrincipal coder = new AgentPrincipal("coder", "default");
        Sessions s = new Sessions(1000, 2, millis::get);
        Sessions.Session one = s.open(coder, "2025-06-18").orElseThrow();
        assertTrue(s.find(one.id(), coder).isPresent());
        assertTrue(s.find(one.id(), new AgentPrincipal("other", "default")).isEmpty(), "another agent's session is unknown");
        assertTrue(s.find("nope", coder).isEmpty());
        assertTrue(s.find(null, coder).isEmpty());
        millis.addAndGet(1001);
        assertTrue(s.find(one.id(), coder).isEmpty(), "idle past the timeout");
        s.open(coder, "v");
        s.open(coder, "v");
        assertTrue(s.open(coder, "v").isEmpty(), "at the cap");
        millis.addAndGet(1001);
        assertTrue(s.open(coder, "v").isPresent(), "idle sessions make room");
    }
}
