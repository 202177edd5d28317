package dev.nexo.plugin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One tool call: through the JSON-RPC stdio channel to the example Python plugin (a real child
 * process), against the same echo done in process (parse the arguments, build the result).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PluginRpcBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process process;
    private RpcChannel rpc;
    private ObjectNode params;
    private String argsText;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path dir = Path.of(System.getProperty("nexo.bench.plugin", "examples/plugins/python-echo")).toAbsolutePath();
        process = new ProcessBuilder(dir.resolve("pyecho.py").toString()).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        rpc = new RpcChannel("bench", process.getInputStream(), process.getOutputStream(), new RpcHandler() {
            @Override
            public CompletionStage<JsonNode> onRequest(String method, JsonNode p) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onNotification(String method, JsonNode p) {
            }

            @Override
            public void onProtocolError(String reason) {
                throw new IllegalStateException(reason);
            }

            @Override
            public void onClosed() {
            }
        }, 64, 1 << 20);
        rpc.start();
        rpc.request("initialize", JSON.createObjectNode(), Duration.ofSeconds(10)).get();
        params = JSON.createObjectNode().put("plugin_id", "pyecho").put("tool_name", "pyecho_echo").put("agent_id", "bench");
        params.putObject("args").put("text", "hello from the benchmark");
        argsText = params.get("args").toString();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        rpc.close();
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Benchmark
    public JsonNode pluginRoundTrip() throws Exception {
        return rpc.request("tool.invoke", params, Duration.ofSeconds(10)).get();
    }

    @Benchmark
    public JsonNode inProcessBaseline() throws Exception {
        JsonNode args = JSON.readTree(argsText);
        ObjectNode result = JSON.createObjectNode().put("is_error", false);
        result.putArray("content").addObject().put("type", "text").put("text", args.path("text").asText());
        return JSON.readTree(result.toString());
    }
}
