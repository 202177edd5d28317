package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostGuardTest {
    private final HostGuard guard = new HostGuard(new String[] {"nexo.internal:8443"});

    @Test
    void acceptsLoopbackNamesOnTheBoundPortOnly() {
        assertTrue(guard.hostAllowed("127.0.0.1:7077", 7077));
        assertTrue(guard.hostAllowed("LOCALHOST:7077", 7077));
        assertTrue(guard.hostAllowed("[::1]:7077", 7077));
        assertFalse(guard.hostAllowed("127.0.0.1:7078", 7077));
        assertFalse(guard.hostAllowed("127.0.0.1", 7077));
    }

    @Test
    void refusesForeignOrMissingHosts() {
        assertFalse(guard.hostAllowed("evil.example:7077", 7077));
        assertFalse(guard.hostAllowed("", 7077));
        assertFalse(guard.hostAllowed(null, 7077));
    }

    @Test
    void acceptsConfiguredExtraHosts() {
        assertTrue(guard.hostAllowed("nexo.internal:8443", 7077));
    }

    @Test
    void originMustNameThisServerWhenPresent() {
        assertTrue(guard.originAllowed(null, 7077));
        assertTrue(guard.originAllowed("http://127.0.0.1:7077", 7077));
        assertFalse(guard.originAllowed("http://evil.example", 7077));
        assertFalse(guard.originAllowed("null", 7077));
        assertFalse(guard.originAllowed("http://127.0.0.1:7077.evil.example", 7077));
    }
}
