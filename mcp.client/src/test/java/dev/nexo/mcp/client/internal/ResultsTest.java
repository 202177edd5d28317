package dev.nexo.mcp.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.api.tool.ToolResult;
import org.junit.jupiter.api.Test;

class ResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void textBlocksAreJoinedAndOtherBlocksSummarised() throws Exception {
        ToolResult r = Results.toolResult(JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"one\"},"
                + "{\"type\":\"image\",\"mimeType\":\"image/png\",\"data\":\"AAAA\"},"
                + "{\"type\":\"resource_link\",\"uri\":\"file:///x\",\"name\":\"x\"}]}"));
        assertEquals("one\n[image image/png, 4 base64 characters]\n[resource link file:///x x]", r.content());
        assertFalse(r.isError());
    }

    @Test
    void isErrorBecomesAnErrorResultAndStructuredContentJson() throws Exception {
        assertTrue(Results.toolResult(JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"no\"}],\"isError\":true}")).isError());
        ToolResult s = Results.toolResult(JSON.readTree("{\"content\":[],\"structuredContent\":{\"sum\":5}}"));
        assertTrue(s.json());
        assertEquals("{\"sum\":5}", s.content());
    }
}
