package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.InboundContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

class MemoryToolsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    SqliteMemoryStore store;
    MemoryStoreTool storeTool;
    MemoryRecallTool recallTool;
    MemoryForgetTool forgetTool;

    @BeforeEach
    void setUp() {
        store = SqliteMemoryStore.withDefaults(dir.resolve("memory.db"));
        storeTool = new MemoryStoreTool(store);
        recallTool = new MemoryRecallTool(store, config("keyword"));
        forgetTool = new MemoryForgetTool(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static MemoryConfig config(String mode) {
        return (MemoryConfig) java.lang.reflect.Proxy.newProxyInstance(MemoryConfig.class.getClassLoader(),
                new Class<?>[] {MemoryConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("vector_default__recall__mode")) {
                        return mode;
                    }
                    if (m.getName().equals("annotationType")) {
                        return MemoryConfig.class;
                    }
                    return m.getDefaultValue();
                });
    }

    static ToolContext ctx(String agent) {
        return ToolContext.builder("acme", agent, "corr-1").sessionId("s-1")
                .binding(BindingContext.of(agent, "telegram", "bot1"))
                .inbound(InboundContext.externalUser("user-42", "msg-7", Instant.parse("2026-11-23T10:00:00Z"), false))
                .build();
    }

    static JsonNode json(ToolResult r) throws Exception {
        assertTrue(r.json(), r.content());
        return JSON.readTree(r.content());
    }

    @Test
    void storeRecallForgetUseTheCallersScopeAndReturnNoScores() throws Exception {
        JsonNode stored = json(storeTool.invoke("{\"content\":\"The printer is on the third floor\",\"tags\":[\"office\"],"
                + "\"agent_id\":\"kate\"}", ctx("ana")).toCompletableFuture().join());
        assertTrue(stored.get("ok").asBoolean());
        String id = stored.get("id").asText();

        MemoryRecord rec = SqliteMemoryStoreTest.join(store.recall(new MemoryScope("acme", "ana"),
                dev.nexo.api.memory.RecallQuery.of("printer"))).get(0);
        assertEquals("user-42", rec.source().senderId(), "the source comes from the inbound context");
        assertEquals("telegram:bot1", rec.source().channel().toString());

        JsonNode recalled = json(recallTool.invoke("{\"query\":\"where is the printer\"}", ctx("ana"))
                .toCompletableFuture().join());
        JsonNode first = recalled.get("results").get(0);
        assertEquals(id, first.get("id").asText());
        assertEquals(List.of("content", "id", "tags"), sorted(first.fieldNames()), "only {id, content, tags}: no score");

        JsonNode other = json(recallTool.invoke("{\"query\":\"where is the printer\"}", ctx("kate"))
                .toCompletableFuture().join());
        assertEquals(0, other.get("results").size(), "an agent id in the arguments means nothing: kate sees nothing");
        assertFalse(json(forgetTool.invoke("{\"id\":\"" + id + "\"}", ctx("kate")).toCompletableFuture().join())
                .get("ok").asBoolean());
        assertTrue(json(forgetTool.invoke("{\"id\":\"" + id + "\"}", ctx("ana")).toCompletableFuture().join())
                .get("ok").asBoolean());
    }

    static List<String> sorted(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        out.sort(null);
        return out;
    }

    @Test
    void aCredentialIsAnErrorResultTheModelSeesAndMissingArgumentsAreInvalid() {
        ToolResult r = storeTool.invoke("{\"content\":\"deploy key ghp_0123456789abcdefghijABCDEFGHIJ0123456789\"}",
                ctx("ana")).toCompletableFuture().join();
        assertTrue(r.isError());
        assertFalse(r.content().contains("ghp_0123"));
        CompletionException ex = assertThrows(CompletionException.class,
                () -> recallTool.invoke("{}", ctx("ana")).toCompletableFuture().join());
        ToolException te = assertInstanceOf(ToolException.class, ex.getCause());
        assertEquals(ToolErrorCode.INVALID_ARGUMENTS, te.code());
    }
}
