package dev.nexo.mcp.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.ToolSpec;
import org.junit.jupiter.api.Test;

class ToolNamesTest {
    @Test
    void serverUnderscoreToolWithinTheToolNameSyntax() {
        assertEquals("everything_get-env", ToolNames.exposed("everything", "get-env"));
        assertEquals("fs_read_file_v2", ToolNames.exposed("fs", "read.file/v2"));
    }

    @Test
    void longNamesAreCutButStayDistinct() {
        String a = ToolNames.exposed("server", "x".repeat(80) + "a");
        String b = ToolNames.exposed("server", "x".repeat(80) + "b");
        assertEquals(64, a.length());
        assertNotEquals(a, b);
        assertTrue(ToolSpec.isValidName(a), a);
    }
}
