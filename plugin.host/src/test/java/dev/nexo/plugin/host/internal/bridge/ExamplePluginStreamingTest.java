package dev.nexo.plugin.host.internal.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python example's LLM provider ({@code pyecho_llm}) streams through the bridge, and still answers once. */
class ExamplePluginStreamingTest {
    private static final Path PYECHO = Path.of("../examples/plugins/python-echo/pyecho.py");

    @TempDir
    Path state;
    private PluginChild child;
    private RpcChannel rpc;

    @BeforeEach
    void spawn() throws Exception {
        assertTrue(Files.isRegularFile(PYECHO), "the example is where the docs say: " + PYECHO.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder("python3", PYECHO.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("NEXO_PLUGIN_STATE_DIR", state.toString());
        child = PluginChild.start("pyecho", pb);
        rpc = child.rpc();
    }

    @AfterEach
    void kill() {
        child.close();
    }

    @Test
    void pyechoStreamsItsAnswerWordByWord() throws Exception {
        PluginLlmProvider p = new PluginLlmProvider("pyecho", "pyecho_llm", rpc, Duration.ofSeconds(10), Duration.ofSeconds(10));
        List<String> deltas = new CopyOnWriteArrayList<>();
        ChatRequest req = ChatRequest.builder("any").message(ChatMessage.user("hi there")).build();
        ChatResponse streamed = p.stream(req, new LlmStreamListener() {
            @Override
            public void onTextDelta(String delta) {
                deltas.add(delta);
            }
        }).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(List.of("pyecho ", "llm: ", "hi ", "there"), deltas);
        assertEquals("pyecho llm: hi there", streamed.text());
        ChatResponse once = p.chat(req).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(streamed.text(), once.text(), "the same answer without streaming");
    }
}
