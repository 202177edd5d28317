package dev.nexo.itest.memory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.InboundContext;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.itest.InFramework;
import dev.nexo.itest.ItestSupport;

/**
 * The memory bundles in the real container: the local model loads inside OSGi, the tools store
 * and recall through the SQLite store with agent isolation, and a second MemoryStore installed as
 * a bundle takes over behind the tools and hands back when uninstalled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MemoryInFrameworkTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEANUTS = "Lucia's daughter is allergic to peanuts.";

    private Tool tool(String name) {
        return ItestSupport.until("tool " + name, WAIT, () -> {
            try {
                Collection<ServiceReference<Tool>> refs = context.getServiceReferences(Tool.class,
                        "(" + Tool.NAME + "=" + name + ")");
                return refs.isEmpty() ? null : context.getService(refs.iterator().next());
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, t -> t != null);
    }

    private static ToolContext ctx(String agent) {
        return ToolContext.builder("default", agent, "corr-" + agent)
                .binding(BindingContext.of(agent, "telegram", "bot1"))
                .inbound(InboundContext.externalUser("user-1", "msg-1", Instant.now(), false)).build();
    }

    private static JsonNode call(Tool t, String args, String agent) {
        ToolResult r = t.invoke(args, ctx(agent)).toCompletableFuture().join();
        assertFalse(r.content(), r.isError());
        try {
            return JSON.readTree(r.content());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> contents(JsonNode recall) {
        List<String> out = new ArrayList<>();
        recall.get("results").forEach(n -> out.add(n.get("content").asText()));
        return out;
    }

    @Test
    public void theLocalModelLoadsInsideOsgiTheToolsRecallByMeaningPerAgentAndABundleRestartReusesTheVectors() throws Exception {
        ServiceReference<Embedder> er = ItestSupport.until("the local embedder", WAIT,
                () -> context.getServiceReference(Embedder.class), r -> r != null);
        assertEquals("all-minilm-l6-v2-q", er.getProperty(Embedder.MODEL));

        Tool store = tool("memory_store");
        Tool recall = tool("memory_recall");
        for (String fact : List.of(PEANUTS, "The quarterly report is due on the fifth of March.",
                "The office wifi password changes every Monday.")) {
            assertTrue(call(store, JSON.createObjectNode().put("content", fact).toString(), "ana").get("ok").asBoolean());
        }
        // semantic as soon as the vectors are ready: the paraphrase shares no word with any fact
        JsonNode hit = ItestSupport.until("a semantic recall", WAIT,
                () -> call(recall, "{\"query\":\"Which nut must a kid avoid?\",\"limit\":3}", "ana"),
                r -> !contents(r).isEmpty() && contents(r).get(0).equals(PEANUTS));
        JsonNode first = hit.get("results").get(0);
        assertEquals(3, first.size());
        assertTrue(first.has("id") && first.has("content") && first.has("tags"));

        assertEquals(List.of(), contents(call(recall, "{\"query\":\"peanuts allergic daughter\"}", "kate")));
        assertEquals(PEANUTS, contents(call(recall, "{\"query\":\"peanuts allergic daughter\"}", "ana")).get(0));

        // restart the memory bundle: the file is closed and reopened, the index comes from the stored vectors
        Bundle memory = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "dev.nexo.memory".equals(b.getSymbolicName())).findFirst().orElseThrow();
        String indexed = ItestSupport.until("every vector indexed before the restart", WAIT,
                () -> indexedVectors(memoryStatus()), n -> n.equals(storedVectors()));
        memory.stop();
        memory.start();
        String status = ItestSupport.until("the reopened index", WAIT, this::memoryStatus,
                st -> !indexedVectors(st).isEmpty() && Integer.parseInt(indexedVectors(st)) >= Integer.parseInt(indexed));
        assertTrue("nothing is embedded again after the restart: " + status, status.contains("embedded=0"));
        JsonNode after = call(tool("memory_recall"), "{\"query\":\"Which nut must a kid avoid?\",\"mode\":\"vector\"}",
                "ana");
        assertEquals(PEANUTS, contents(after).get(0));
        assertTrue(memoryStatus().contains("embedded=0"));
    }

    private static String indexedVectors(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("indexed_vectors=(\\d+)").matcher(status);
        return m.find() ? m.group(1) : "";
    }

    /** The vectors the SQLite store holds, counted through its status after every queued embedding ran. */
    private String storedVectors() {
        String st = memoryStatus();
        return st.contains("embed_queue_pending=0") ? indexedVectors(st) : "?";
    }

    /** {@code memory:status} through the Gogo command service (its class is private to the bundle). */
    private String memoryStatus() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=memory)");
            if (refs == null) {
                return "";
            }
            Object commands = context.getService(refs[0]);
            return String.valueOf(commands.getClass().getMethod("status").invoke(commands));
        } catch (ReflectiveOperationException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aSecondMemoryStoreBundleReplacesSqliteBehindTheToolsAndHandsBack() throws Exception {
        MemoryScope scope = new MemoryScope("default", "replacer");
        Bundle inmem = context.installBundle(Path.of(System.getProperty("nexo.memory.inmem")).toUri().toString());
        try {
            inmem.start();
            ServiceReference<MemoryStore> best = ItestSupport.until("the in-memory store ranked first", WAIT,
                    () -> context.getServiceReference(MemoryStore.class),
                    r -> r != null && "inmem".equals(r.getProperty(MemoryStore.BACKEND)));
            MemoryStore inMemory = context.getService(best);
            // the tools follow the best-ranked store (greedy reference): poll until the rebound tool stores there
            ItestSupport.until("the tools using the in-memory store", WAIT, () -> {
                call(tool("memory_store"), "{\"content\":\"replacement marker fact\"}", "replacer");
                return inMemory.recall(scope, RecallQuery.of("replacement marker")).toCompletableFuture().join();
            }, l -> !l.isEmpty());
        } finally {
            inmem.uninstall();
        }
        ServiceReference<MemoryStore> back = ItestSupport.until("sqlite ranked first again", WAIT,
                () -> context.getServiceReference(MemoryStore.class),
                r -> r != null && "sqlite".equals(r.getProperty(MemoryStore.BACKEND)));
        assertNotNull(back);
        ItestSupport.until("the tools back on sqlite", WAIT, () -> {
            call(tool("memory_store"), "{\"content\":\"sqlite marker fact\"}", "replacer");
            return context.getService(back).recall(scope, RecallQuery.of("sqlite marker")).toCompletableFuture().join();
        }, l -> !l.isEmpty());
    }
}
