package dev.nexo.mcp.server.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;

/**
 * The MCP server's own cost per {@code tools/call}: frame checks and parse, visibility, rate limit,
 * concurrency permit, trust check (an in-memory fake), tool invoke and result rendering — against
 * the same run's baseline of invoking the same tool directly. Servlet and Jetty are not included.
 * Not part of the default build: {@code ./mvnw -B -q -Pbench -pl mcp.server -am verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class McpDispatchBench {
    private static final AgentPrincipal WHO = new AgentPrincipal("coder", "default");
    /** Answers a constant, records nothing: the test fakes' call logs would grow without bound here. */
    private final Tool tool = new Tool() {
        private final ToolDescriptor d = new ToolDescriptor("notes_read", "reads notes", "{\"type\":\"object\"}", Sensitivity.READ);
        private final CompletableFuture<ToolResult> answer = CompletableFuture.completedFuture(
                ToolResult.json("{\"query\":\"what did we decide about the release?\",\"limit\":5}"));

        @Override
        public ToolDescriptor descriptor() {
            return d;
        }

        @Override
        public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
            return answer;
        }
    };
    private final McpDispatcher dispatcher;
    private final byte[] frame = ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"notes_read\","
            + "\"arguments\":{\"query\":\"what did we decide about the release?\",\"limit\":5}}}").getBytes(StandardCharsets.UTF_8);
    private final String args = "{\"query\":\"what did we decide about the release?\",\"limit\":5}";
    private final ToolContext ctx = ToolContext.builder("default", "coder", "c-1").build();

    public McpDispatchBench() {
        Fakes.Policy trust = new Fakes.Policy() {
            @Override
            public synchronized dev.nexo.api.trust.TrustDecision check(dev.nexo.api.trust.AccessRequest request) {
                return dev.nexo.api.trust.TrustDecision.allow("g-1"); // no request log: it would grow without bound
            }
        };
        trust.register(tool, Provenance.FIRST_PARTY, "dev.nexo.core");
        ToolCatalog catalog = new ToolCatalog(trust, new ToolCatalog.Policy(List.of("notes_*"), List.of(), false, true, false));
        catalog.add(tool);
        dispatcher = new McpDispatcher("nexo", "bench", catalog, trust, new RateLimiter(0, 1, System::nanoTime),
                new ConcurrencyGate(64, 0), Duration.ofSeconds(30), Duration.ZERO, new McpMetrics());
    }

    @Benchmark
    public ToolResult directInvokeBaseline() throws Exception {
        return tool.invoke(args, ctx).toCompletableFuture().get();
    }

    /** What any JSON-RPC endpoint pays: parse the frame, build and write a reply of the same shape. */
    @Benchmark
    public byte[] jsonRoundTripBaseline() throws Exception {
        ObjectNode req = (ObjectNode) Frames.JSON.readTree(frame);
        ObjectNode result = Frames.JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", req.path("params").path("arguments").toString());
        return Frames.JSON.writeValueAsBytes(Frames.result(req.get("id"), result));
    }

    @Benchmark
    public byte[] mcpToolsCall() throws Exception {
        ObjectNode reply = dispatcher.handle(Frames.parse(frame), WHO);
        return Frames.JSON.writeValueAsBytes(reply);
    }

    /** Runs the benchmarks and prints the figure with its ratio to the same-run baseline. */
    public static void main(String[] a) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(McpDispatchBench.class.getName()).build()).run();
        double direct = score(results, "directInvokeBaseline");
        double json = score(results, "jsonRoundTripBaseline");
        double mcp = score(results, "mcpToolsCall");
        System.out.printf("  MCP tools/call in process: %.2f us; JSON round trip %.2f us (ratio %.1f); direct tool invoke %.3f us%n",
                mcp, json, mcp / json, direct);
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst().orElseThrow()
                .getPrimaryResult().getScore();
    }
}
