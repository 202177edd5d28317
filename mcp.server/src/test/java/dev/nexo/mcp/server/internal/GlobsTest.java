package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobsTest {
    @Test
    void globsMatchWholeNamesAndEverythingButStarAndQuestionMarkIsLiteral() {
        assertTrue(Globs.matches("memory_*", "memory_history"), "the seed's doubt: memory_* does match memory_history");
        assertTrue(Globs.matches("memory_*", "memory_"));
        assertFalse(Globs.matches("memory_*", "xmemory_recall"));
        assertTrue(Globs.matches("tool?", "tool1"));
        assertFalse(Globs.matches("a.b", "axb"), "a dot is literal");
        assertFalse(Globs.matches("memory", "memory_recall"), "no implicit prefix match");
    }
}
