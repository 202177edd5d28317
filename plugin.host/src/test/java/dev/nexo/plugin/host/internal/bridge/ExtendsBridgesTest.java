package dev.nexo.plugin.host.internal.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Sender;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.test.support.llm.RecordingStreamListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code [plugin.extends]} bridges — LLM provider, hook, memory backend — against a real child
 * process (a small Python plugin in the test resources that answers with what it received).
 */
class ExtendsBridgesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/resources/extends/extends_plugin.py");
    /** The gate of the tests about the wire: an operator granted everything. */
    private static final ExtensionGate OPEN = new ExtensionGate("ext", LedgerTrust.grantingAll().asTrust());

    private PluginChild child;
    private RpcChannel rpc;

    @BeforeEach
    void spawn() throws Exception {
        child = PluginChild.start("ext", new ProcessBuilder("python3", SCRIPT.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        rpc = child.rpc();
    }

    @AfterEach
    void kill() {
        child.close();
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(stage));
        return e.getCause();
    }

    // --- LLM provider ----------------------------------------------------------------------------

    @Test
    void anLlmProviderSendsLlmChatAndReadsTheTextAnswer() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        ChatRequest req = ChatRequest.builder("command-r").message(ChatMessage.system("be brief"))
                .message(ChatMessage.user("hi")).maxTokens(100).build();
        ChatResponse r = get(p.chat(req));
        JsonNode seen = JSON.readTree(r.text());
        assertEquals("cohere", seen.path("provider").asText(), "the provider name goes on the wire");
        assertEquals("command-r", seen.path("model").asText());
        assertEquals(false, seen.path("stream").asBoolean(true));
        assertEquals("[\"system\",\"user\"]", seen.path("roles").toString());
        assertEquals(100, seen.path("max_tokens").asInt());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(12, r.usage().promptTokens());
        assertEquals(4, r.usage().completionTokens());
    }

    @Test
    void toolCallsAndToolResultsCrossTheWire() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        ToolSpec weather = new ToolSpec("weather", "the weather", "{\"type\":\"object\"}");
        ChatResponse calls = get(p.chat(ChatRequest.builder("m").message(ChatMessage.user("tool")).tool(weather).build()));
        assertTrue(calls.hasToolCalls());
        ToolCall call = calls.toolCalls().get(0);
        assertEquals("weather", call.name());
        assertEquals("{\"city\":\"Lima\"}", call.arguments(), "object arguments become JSON text");
        ChatResponse after = get(p.chat(ChatRequest.builder("m").message(ChatMessage.user("what now"))
                .message(ChatMessage.assistant("", List.of(call))).message(ChatMessage.toolResult("c1", "sunny"))
                .tool(weather).build()));
        JsonNode seen = JSON.readTree(after.text());
        assertEquals("[\"weather\"]", seen.path("tools").toString());
        assertEquals("[\"c1\"]", seen.path("tool_results").toString());
    }

    @Test
    void llmErrorCodesTimeoutsAndMalformedAnswersBecomeLlmExceptions() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(20), Duration.ofSeconds(20));
        LlmException limited = assertInstanceOf(LlmException.class,
                failure(p.chat(ChatRequest.builder("m").message(ChatMessage.user("ratelimit")).build())));
        assertEquals(LlmErrorKind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter().orElseThrow());
        LlmException bad = assertInstanceOf(LlmException.class,
                failure(p.chat(ChatRequest.builder("m").message(ChatMessage.user("garbage")).build())));
        assertTrue(bad.getMessage().contains("answered llm.chat badly"), bad.getMessage());
        // last: the script answers one request at a time, and this one keeps it busy for 3 s
        PluginLlmProvider impatient = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofMillis(500), Duration.ofMillis(500));
        LlmException slow = assertInstanceOf(LlmException.class,
                failure(impatient.chat(ChatRequest.builder("m").message(ChatMessage.user("slow")).build())));
        assertEquals(LlmErrorKind.TIMEOUT, slow.kind());
    }

    // --- hooks -----------------------------------------------------------------------------------

    private static HookContext message(String text) {
        InboundMessage m = InboundMessage.builder(ChannelRef.of("slack", "team"), "m1", Sender.of("alice"),
                Chat.direct("alice")).text(text).build();
        return HookContext.builder(HookPoint.BEFORE_MESSAGE, "default", "ana", "corr-1").message(m).build();
    }

    @Test
    void aHookBlocksTransformsOrContinuesAsThePluginSays() throws Exception {
        PluginHook h = new PluginHook("ext", HookPoint.BEFORE_MESSAGE, rpc, Duration.ofSeconds(5), OPEN);
        HookOutcome blocked = get(h.onHook(message("my secret is 42")));
        assertEquals(HookOutcome.Action.BLOCK, blocked.action());
        assertEquals("PII detected", blocked.reason().orElseThrow());
        HookOutcome redacted = get(h.onHook(message("card 4111")));
        assertEquals("card [REDACTED]", redacted.transformedText().orElseThrow());
        assertEquals(HookOutcome.proceed(), get(h.onHook(message("hello"))));
    }

    @Test
    void aBeforeToolCallHookOverridesArgumentsKeyByKey() throws Exception {
        PluginHook h = new PluginHook("ext", HookPoint.BEFORE_TOOL_CALL, rpc, Duration.ofSeconds(5), OPEN);
        HookContext c = HookContext.builder(HookPoint.BEFORE_TOOL_CALL, "default", "ana", "corr-2")
                .toolCall("weather", "{\"city\":\"Lima\",\"units\":\"imperial\"}").build();
        HookOutcome o = get(h.onHook(c));
        assertEquals(JSON.readTree("{\"city\":\"Lima\",\"units\":\"metric\"}"),
                JSON.readTree(o.overriddenArguments().orElseThrow()));
    }

    @Test
    void hookFailuresTimeoutsAndMalformedRepliesContinue() throws Exception {
        PluginHook h = new PluginHook("ext", HookPoint.BEFORE_MESSAGE, rpc, Duration.ofSeconds(20), OPEN);
        assertEquals(HookOutcome.proceed(), get(h.onHook(message("broken"))), "a JSON-RPC error continues");
        assertEquals(HookOutcome.proceed(), get(h.onHook(message("odd"))), "a non-object reply continues");
        PluginHook impatient = new PluginHook("ext", HookPoint.BEFORE_MESSAGE, rpc, Duration.ofMillis(500), OPEN);
        assertEquals(HookOutcome.proceed(), get(impatient.onHook(message("slow"))), "a timeout continues");
        rpc.close("gone");
        assertEquals(HookOutcome.proceed(), get(h.onHook(message("secret"))), "a dead plugin continues");
    }

    // --- memory backend --------------------------------------------------------------------------

    /** Three letter counts: enough for the sloppy test index to rank by similarity. */
    private static final Embedder LETTERS = new Embedder() {
        @Override
        public String modelId() {
            return "letters";
        }

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public CompletionStage<List<float[]>> embed(List<String> texts) {
            return CompletableFuture.completedFuture(texts.stream().map(t -> new float[] {
                count(t, 'a'), count(t, 'o'), count(t, 'e')}).toList());
        }

        private float count(String t, char c) {
            return t.chars().filter(x -> x == c).count() + 0.01f;
        }
    };

    @Test
    void aMemoryBackendStoresRecallsAndForgetsWithinOneScopeOnly() throws Exception {
        PluginMemoryStore store = new PluginMemoryStore("ext", "pinecone", rpc, () -> LETTERS, OPEN);
        MemoryScope ana = new MemoryScope("default", "ana");
        MemoryScope rex = new MemoryScope("default", "rex");
        MemoryRecord kept = get(store.store(ana, "banana bandana", List.of("fruit")));
        get(store.store(ana, "oooo moon", List.of()));
        get(store.store(rex, "banana for rex", List.of()));
        List<MemoryRecord> found = get(store.recall(ana, RecallQuery.of("aaaa", 5)));
        assertEquals(2, found.size(), "rex's record never reaches ana, though the index returned it: " + found);
        assertEquals(kept.id(), found.get(0).id(), "best match first");
        assertEquals(List.of("fruit"), found.get(0).tags());
        assertEquals(kept.createdAt(), found.get(0).createdAt());
        assertTrue(get(store.recall(rex, RecallQuery.of("aaaa", 5))).stream().allMatch(r -> r.content().contains("rex")));
        assertEquals(false, get(store.forget(rex, kept.id())), "another scope cannot delete it");
        assertEquals(true, get(store.forget(ana, kept.id())));
        assertEquals(1, get(store.recall(ana, RecallQuery.of("aaaa", 5))).size());
    }

    @Test
    void memoryErrorsAreTyped() throws Exception {
        Embedder wrongSize = new Embedder() {
            @Override
            public String modelId() {
                return "two";
            }

            @Override
            public int dimensions() {
                return 2;
            }

            @Override
            public CompletionStage<List<float[]>> embed(List<String> texts) {
                return CompletableFuture.completedFuture(texts.stream().map(t -> new float[] {1, 2}).toList());
            }
        };
        MemoryScope ana = new MemoryScope("default", "ana");
        MemoryException dims = assertInstanceOf(MemoryException.class,
                failure(new PluginMemoryStore("ext", "p", rpc, () -> wrongSize, OPEN).store(ana, "x", List.of())));
        assertEquals(MemoryErrorCode.DIMENSION_MISMATCH, dims.code());
        MemoryException noEmbedder = assertInstanceOf(MemoryException.class,
                failure(new PluginMemoryStore("ext", "p", rpc, () -> null, OPEN).recall(ana, RecallQuery.of("x"))));
        assertEquals(MemoryErrorCode.UNAVAILABLE, noEmbedder.code());
        assertTrue(noEmbedder.getMessage().contains("Embedder"), noEmbedder.getMessage());
    }

    // --- trust: hooks and memory backends only for agents the operator granted them -------------

    private long calls(String method) throws Exception {
        return get(rpc.request("test.calls", null, Duration.ofSeconds(10))).path(method).asLong(0);
    }

    @Test
    void anUngrantedHookIsNotCalledAndAGrantedOneIs() throws Exception {
        String cap = ExtensionGate.hookCapability("ext", "before_message");
        assertEquals("plugin.ext.hook.before_message", cap);
        LedgerTrust trust = new LedgerTrust().know(cap);
        PluginHook h = new PluginHook("ext", HookPoint.BEFORE_MESSAGE, rpc, Duration.ofSeconds(5),
                new ExtensionGate("ext", trust.asTrust()));

        assertEquals(HookOutcome.proceed(), get(h.onHook(message("my secret is 42"))),
                "ungranted: the plugin would block this, but it never sees it");
        assertEquals(0, calls("hook.on_hook"), "no hook.on_hook reached the plugin");
        AccessRequest asked = trust.checks.get(0);
        assertEquals(List.of("default", "ana", cap, "corr-1"), List.of(asked.tenantId(), asked.subjectId(),
                asked.capabilityId(), asked.correlationId().orElseThrow()));
        assertEquals(new LedgerTrust.Row("ana", cap, "pending"), trust.audit.get(0), "the decision is audited");

        trust.grant("ana", cap);
        assertEquals(HookOutcome.Action.BLOCK, get(h.onHook(message("my secret is 42"))).action());
        assertEquals(1, calls("hook.on_hook"));
        assertEquals(new LedgerTrust.Row("ana", cap, "allowed"), trust.audit.get(1));

        HookContext rex = HookContext.builder(HookPoint.BEFORE_MESSAGE, "default", "rex", "corr-3")
                .message(message("secret").message().orElseThrow()).build();
        assertEquals(HookOutcome.proceed(), get(h.onHook(rex)), "a grant is per agent");
        assertEquals(1, calls("hook.on_hook"));
    }

    @Test
    void withoutATrustPolicyNoHookIsCalledAndTheDenialIsAudited() throws Exception {
        LedgerTrust auditOnly = new LedgerTrust();
        PluginHook h = new PluginHook("ext", HookPoint.BEFORE_MESSAGE, rpc, Duration.ofSeconds(5),
                new ExtensionGate("ext", new PluginBridges.Trust(() -> null, () -> auditOnly)));
        assertEquals(HookOutcome.proceed(), get(h.onHook(message("my secret is 42"))));
        assertEquals(0, calls("hook.on_hook"));
        assertEquals(List.of(new LedgerTrust.Row("ana", "plugin.ext.hook.before_message", "denied")), auditOnly.audit);
    }

    @Test
    void anUngrantedMemoryBackendRefusesWithoutCallingThePlugin() throws Exception {
        String cap = ExtensionGate.memoryCapability("ext", "pinecone");
        LedgerTrust trust = new LedgerTrust().know(cap);
        PluginMemoryStore store = new PluginMemoryStore("ext", "pinecone", rpc, () -> LETTERS,
                new ExtensionGate("ext", trust.asTrust()));
        MemoryScope ana = new MemoryScope("default", "ana");
        MemoryScope rex = new MemoryScope("default", "rex");

        MemoryException refused = assertInstanceOf(MemoryException.class, failure(store.store(ana, "banana", List.of())));
        assertEquals(MemoryErrorCode.UNAVAILABLE, refused.code());
        assertTrue(refused.getMessage().contains("not granted to agent ana"), refused.getMessage());
        assertInstanceOf(MemoryException.class, failure(store.recall(ana, RecallQuery.of("banana", 3))));
        assertInstanceOf(MemoryException.class, failure(store.forget(ana, "x")));
        assertEquals(0, calls("memory.vector_upsert") + calls("memory.vector_search") + calls("memory.vector_delete"));

        trust.grant("ana", cap);
        MemoryRecord kept = get(store.store(ana, "banana", List.of()));
        assertEquals(kept.id(), get(store.recall(ana, RecallQuery.of("banana", 3))).get(0).id());
        assertEquals(1, calls("memory.vector_upsert"));
        assertInstanceOf(MemoryException.class, failure(store.recall(rex, RecallQuery.of("banana", 3))),
                "rex was not granted the backend");
        assertEquals(1, calls("memory.vector_search"));
        assertTrue(trust.audit.stream().anyMatch(r -> r.equals(new LedgerTrust.Row("rex", cap, "pending"))));
    }

    @Test
    void extensionCapabilitiesAreWriteAndNameThePlugin() {
        Capability c = OPEN.capability(ExtensionGate.memoryCapability("ext", "pinecone"), "memory backend pinecone");
        assertEquals("plugin.ext.memory.pinecone", c.id());
        assertEquals(Sensitivity.WRITE, c.sensitivity(), "no standing read grant by policy: a human decides");
        assertEquals(Provenance.SUBPROCESS_PLUGIN, c.provenance());
        assertEquals("ext", c.owner());
    }

    @Test
    void forgetBySenderAndExportAreTypedUnsupportedAndNeverReachThePlugin() throws Exception {
        PluginMemoryStore store = new PluginMemoryStore("ext", "pinecone", rpc, () -> LETTERS, OPEN);
        MemoryScope ana = new MemoryScope("default", "ana");
        MemoryException bySender = assertInstanceOf(MemoryException.class, failure(store.forgetBySender(ana, "alice")));
        assertEquals(MemoryErrorCode.UNAVAILABLE, bySender.code());
        assertTrue(bySender.getMessage().contains("not supported"), bySender.getMessage());
        MemoryException export = assertInstanceOf(MemoryException.class, failure(store.exportRecords(ana, r -> { })));
        assertEquals(MemoryErrorCode.UNAVAILABLE, export.code());
        assertEquals(0, calls("memory.vector_search") + calls("memory.vector_delete"));
    }

    // --- streaming LLM provider ------------------------------------------------------------------

    @Test
    void aStreamingPluginSendsTextDeltasThatReachTheListenerInOrder() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        RecordingStreamListener r = new RecordingStreamListener();
        ChatResponse done = get(p.stream(ChatRequest.builder("m").message(ChatMessage.user("stream")).build(), r));
        assertEquals(List.of("text:Hel", "text:lo ", "text:world", "usage:12/3"), r.events(),
                "deltas of another request id are not mixed in");
        assertEquals("Hello world", done.text(), "the final response's empty text is the streamed one");
        assertEquals(FinishReason.LENGTH, done.finishReason());
        assertEquals(3, done.usage().completionTokens());
    }

    @Test
    void streamedToolCallsAreAssembledFromTheirDeltas() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        RecordingStreamListener r = new RecordingStreamListener();
        ChatResponse done = get(p.stream(ChatRequest.builder("m").message(ChatMessage.user("stream tool")).build(), r));
        assertEquals(List.of("start:c7:weather", "args:c7:{\"city\":", "args:c7:\"Lima\"}", "end:c7", "usage:9/3"),
                r.events());
        assertEquals(List.of(new ToolCall("c7", "weather", "{\"city\":\"Lima\"}")), done.toolCalls());
        assertEquals(9, done.usage().promptTokens(), "usage streamed as a chunk counts when the final has none");
    }

    @Test
    void aPluginThatAnswersOnceStillStreamsAsOneChunk() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("ext", "cohere", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        RecordingStreamListener r = new RecordingStreamListener();
        ChatResponse done = get(p.stream(ChatRequest.builder("m").message(ChatMessage.user("hi")).build(), r));
        JsonNode seen = JSON.readTree(done.text());
        assertEquals(true, seen.path("stream").asBoolean(false), "stream:true went on the wire");
        assertEquals(List.of("usage:12/4", "text:" + done.text()), r.events());
        RecordingStreamListener tools = new RecordingStreamListener();
        ChatResponse calls = get(p.stream(ChatRequest.builder("m").message(ChatMessage.user("tool"))
                .tool(new ToolSpec("weather", "w", "{\"type\":\"object\"}")).build(), tools));
        assertEquals("c1", calls.toolCalls().get(0).id());
        assertEquals(List.of("usage:5/1", "start:c1:weather", "args:c1:{\"city\":\"Lima\"}", "end:c1"), tools.events());
        LlmException limited = assertInstanceOf(LlmException.class,
                failure(p.stream(ChatRequest.builder("m").message(ChatMessage.user("ratelimit")).build(), new RecordingStreamListener())));
        assertEquals(LlmErrorKind.RATE_LIMITED, limited.kind());
    }
}
