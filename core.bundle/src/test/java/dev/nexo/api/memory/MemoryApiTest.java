package dev.nexo.api.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryApiTest {
    private static final MemoryScope ANA = new MemoryScope("acme", "ana");

    @Test
    void scopeCannotBeOmittedOrWidened() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryScope(null, "ana"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryScope("acme", null));
        assertThrows(IllegalArgumentException.class, () -> new MemoryScope("acme", "*"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryScope(">", "ana"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryScope("acme", ""));
        assertEquals("acme/ana", ANA.toString());
    }

    @Test
    void recallQueryLimits() {
        assertEquals(RecallQuery.DEFAULT_LIMIT, RecallQuery.of("coffee").limit());
        assertThrows(IllegalArgumentException.class, () -> RecallQuery.of("x", 0));
        assertThrows(IllegalArgumentException.class, () -> RecallQuery.of("x", 1001));
        assertThrows(IllegalArgumentException.class, () -> RecallQuery.of(" "));
        List<String> tags = new ArrayList<>(List.of("a"));
        RecallQuery q = new RecallQuery("x", 5, RecallMode.KEYWORD, tags);
        tags.add("b");
        assertEquals(List.of("a"), q.tags());
    }

    @Test
    void recordIsImmutableAndValidated() {
        List<String> tags = new ArrayList<>(List.of("pref"));
        MemoryRecord r = MemoryRecord.of("m1", ANA, "likes espresso", tags, Instant.EPOCH);
        tags.add("x");
        assertEquals(List.of("pref"), r.tags());
        assertThrows(UnsupportedOperationException.class, () -> r.tags().add("y"));
        MemoryRecord typed = r.withConceptTags(List.of("coffee")).withMemoryType("preference");
        assertEquals(List.of("coffee"), typed.conceptTags());
        assertTrue(r.conceptTags().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> MemoryRecord.of("m1", ANA, " ", List.of(), Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> MemoryRecord.of("m1", null, "x", List.of(), Instant.EPOCH));
        assertTrue(new MemoryException(MemoryErrorCode.SCOPE_VIOLATION, "foreign", null).getMessage().startsWith("scope_violation"));
    }

    @Test
    void recordsKeepTheirSourceAndDefaultToNone() {
        MemoryRecord plain = MemoryRecord.of("m2", ANA, "likes tea", List.of(), Instant.EPOCH);
        assertEquals(MemorySource.NONE, plain.source());
        MemorySource from = new MemorySource(dev.nexo.api.message.ChannelRef.of("telegram", "sales"), "42", "7", "u-1");
        MemoryRecord sourced = plain.withSource(from);
        assertEquals("u-1", sourced.source().sender().orElseThrow());
        assertEquals(MemorySource.NONE, plain.source(), "withSource returns a copy");
        assertThrows(NullPointerException.class, () -> plain.withSource(null));
        org.junit.jupiter.api.Assertions.assertNotEquals(plain, sourced);
    }
}
