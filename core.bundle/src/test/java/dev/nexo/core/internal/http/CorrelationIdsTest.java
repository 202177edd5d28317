package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationIdsTest {

    @Test
    void keepsAPlainTokenFromTheCaller() {
        assertEquals("req-42:a.b", CorrelationIds.fromHeader("req-42:a.b"));
    }

    @Test
    void replacesMissingOrUnsafeIds() {
        String injected = "x\nFAKE LOG LINE";
        String replaced = CorrelationIds.fromHeader(injected);
        assertNotEquals(injected, replaced);
        assertTrue(replaced.matches("[0-9a-f-]{36}"), replaced);
        assertTrue(CorrelationIds.fromHeader(null).matches("[0-9a-f-]{36}"));
        assertTrue(CorrelationIds.fromHeader("a".repeat(65)).matches("[0-9a-f-]{36}"));
    }
}
