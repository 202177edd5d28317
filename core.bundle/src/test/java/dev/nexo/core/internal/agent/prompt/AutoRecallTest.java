package dev.nexo.core.internal.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoRecallTest {
    private static MemoryRecord record(String content) {
        return MemoryRecord.of("id", new MemoryScope("t", "a"), content, List.of(), Instant.EPOCH);
    }

    @Test
    void nothingRecalledIsNoBlockAtAll() {
        assertEquals("", AutoRecall.format(List.of()));
    }

    @Test
    void eachMemoryIsOneCollapsedLineCutToTheItemLimit() {
        String block = AutoRecall.format(List.of(record("line one\n\n   line\ttwo"), record("x".repeat(1000))));
        String[] lines = block.split("\n");
        assertEquals(AutoRecall.HEADING, lines[0]);
        assertEquals("- line one line two", lines[1]);
        assertEquals(2 + AutoRecall.MAX_ITEM_CHARS, lines[2].length());
        assertTrue(lines[2].endsWith("…"));
    }

    @Test
    void theBlockNeverExceedsItsLimit() {
        List<MemoryRecord> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(record(i + " " + "y".repeat(300)));
        }
        String block = AutoRecall.format(many);
        assertTrue(block.length() <= AutoRecall.MAX_BLOCK_CHARS, block.length() + " chars");
        assertTrue(block.contains("- 0 "), "the best memory is kept");
    }

    @Test
    void memoryYamlDefaultsComeFromTheStoresPropertiesOrTheSchema() {
        assertEquals(AutoRecall.Defaults.SCHEMA, AutoRecall.Defaults.of(Map.of()));
        assertEquals(new AutoRecall.Defaults(false, 2, RecallMode.VECTOR), AutoRecall.Defaults.of(
                Map.of("auto_recall.enabled", "false", "auto_recall.top_k", 2, "auto_recall.mode", "vector")));
        assertEquals(AutoRecall.Defaults.SCHEMA, AutoRecall.Defaults.of(Map.of("auto_recall.mode", "psychic")));
    }
}
