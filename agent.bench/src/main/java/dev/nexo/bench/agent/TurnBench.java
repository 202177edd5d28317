package dev.nexo.bench.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.event.Event;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.Role;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.Sender;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.core.internal.agent.AgentEngine;
import dev.nexo.core.internal.agent.AgentInstance;
import dev.nexo.core.internal.agent.EngineSettings;
import dev.nexo.core.internal.agent.TestBroker;
import dev.nexo.core.internal.agent.session.SessionFiles;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import dev.nexo.core.internal.message.MessageJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turn overhead of the agent runtime, LLM time excluded: an instant in-process stub LLM, an
 * in-memory synchronous broker, real session files (write-behind) and the real engine. N
 * conversations run closed loops (send, wait for the reply, send again). Latency is inbound
 * publish → outbound event. The baseline in the same run is the bare pipeline an agent cannot do
 * without: decode the inbound JSON on a worker, encode and publish an outbound reply.
 */
public final class TurnBench {
    private static final String SYSTEM = "You are Ana, the sales assistant of a small shop. Answer briefly and "
            + "politely. Ask before promising delivery dates. Never share other customers' data. Prices are in "
            + "EUR and include VAT. If you do not know, say so and offer to ask a colleague.";
    private static final String LINE = "Hi, do you still have the blue one in size M?";

    private static final int MAX_SAMPLES = 4_000_000;
    /** Whether sessions are written to files (the real set-up) or not persisted at all. */
    private static boolean persist = true;
    private final long[] samples = new long[MAX_SAMPLES];
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean recording;
    private volatile boolean running;
    private final LongAdder promptChars = new LongAdder();
    private final AtomicLong maxPromptChars = new AtomicLong();
    private final LongAdder llmCalls = new LongAdder();
    private volatile ChatRequest lastRequest;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] levels = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 100, 1000};
        persist = args.length <= 2 || Boolean.parseBoolean(args[2]);
        System.out.printf(Locale.ROOT, "agent turn bench: %d s per run, %d cores, JDK %s%n", seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-10s %6s %10s %10s %10s %10s %8s %s%n", "scenario", "convs", "turns/s", "p50 us", "p99 us",
                "max us", "vs base", "prompt chars/turn (max)");
        for (int convs : levels) {
            Result base = new TurnBench().baseline(convs, seconds);
            print("baseline", convs, base, null, "");
            for (boolean tool : new boolean[] {false, true}) {
                TurnBench b = new TurnBench();
                Result r = b.agent(convs, seconds, tool);
                print(tool ? "agent+tool" : "agent", convs, r, base, String.format(Locale.ROOT, "%d (%d)",
                        b.promptChars.sum() / Math.max(1, b.llmCalls.sum()), b.maxPromptChars.get()));
                if (convs == 1 && !tool) {
                    System.out.printf(Locale.ROOT, "  OpenAI-format request body of the last turn: %d bytes "
                            + "(%d history messages, %d tools)%n", openAiBytes(b.lastRequest),
                            b.lastRequest.messages().size() - 2, b.lastRequest.tools().size());
                }
            }
        }
    }

    record Result(double turnsPerSecond, long p50, long p99, long max) {
    }

    private static void print(String scenario, int convs, Result r, Result base, String extra) {
        String ratio = base == null ? "" : String.format(Locale.ROOT, "%.2fx", (double) r.p50 / Math.max(1, base.p50));
        System.out.printf(Locale.ROOT, "%-10s %6d %10.0f %10d %10d %10d %8s %s%n", scenario, convs, r.turnsPerSecond,
                r.p50 / 1000, r.p99 / 1000, r.max / 1000, ratio, extra);
    }

    private Result agent(int convs, int seconds, boolean tool) throws Exception {
        Path dir = Files.createTempDirectory("nexo-turn-bench-");
        SessionFiles files = new SessionFiles(dir);
        TestBroker broker = TestBroker.unrecorded();
        AgentEngine engine = new AgentEngine(broker, persist ? files : SessionPersistence.NONE, Clock.systemUTC(),
                EngineSettings.DEFAULTS);
        engine.addProvider("stub", new InstantLlm(tool));
        engine.addTool(new BenchTool("weather", "Current weather for a city."));
        engine.addTool(new BenchTool("product_lookup", "Stock and price of a product by name and size."));
        engine.addTool(new BenchTool("memory_store", "Remember a fact about the customer."));
        engine.addAgent(new AgentInstance(agentProps()));
        engine.start();
        try {
            return run(broker, convs, seconds);
        } finally {
            engine.close();
            files.close();
        }
    }

    private Result baseline(int convs, int seconds) throws Exception {
        TestBroker broker = TestBroker.unrecorded();
        MessageJson json = new MessageJson();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        Subscription s = broker.subscribe("plugin.inbound.>", e -> workers.execute(() -> {
            InboundMessage m = json.inbound(e.payload());
            OutboundMessage out = OutboundMessage.text(m.channel(), m.chat().id(), "echo");
            broker.publish(Event.builder(m.channel().outboundTopic(), "agent.base").payload(json.outbound(out)).build());
        }));
        try {
            return run(broker, convs, seconds);
        } finally {
            s.close();
            workers.shutdownNow();
        }
    }

    private Result run(Broker broker, int convs, int seconds) throws Exception {
        MessageJson json = new MessageJson();
        long[] sentAt = new long[convs];
        ChannelRef channel = ChannelRef.of("bench", "one");
        running = true;
        Subscription replies = broker.subscribe("plugin.outbound.>", e -> {
            int conv = Integer.parseInt(json.outbound(e.payload()).recipient().substring(1));
            long now = System.nanoTime();
            if (recording) {
                int i = count.getAndIncrement();
                if (i < MAX_SAMPLES) {
                    samples[i] = now - sentAt[conv];
                }
            }
            if (running) {
                send(broker, json, channel, conv, sentAt);
            }
        });
        for (int c = 0; c < convs; c++) {
            send(broker, json, channel, c, sentAt);
        }
        Thread.sleep(Math.max(2000, seconds * 400L)); // warm-up
        count.set(0);
        recording = true;
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        recording = false;
        long elapsed = System.nanoTime() - start;
        running = false;
        Thread.sleep(300);
        replies.close();
        int n = Math.min(count.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Result(n / (elapsed / 1e9), pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? 0 : sorted[n - 1]);
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static void send(Broker broker, MessageJson json, ChannelRef channel, int conv, long[] sentAt) {
        String chat = "c" + conv;
        InboundMessage m = InboundMessage.builder(channel, "m" + System.nanoTime(), Sender.of(chat), Chat.direct(chat))
                .text(LINE).build();
        Event e = Event.of(channel.inboundTopic(), "channel.bench.one", json.inbound(m));
        sentAt[conv] = System.nanoTime();
        broker.publish(e);
    }

    private static Map<String, Object> agentProps() {
        Map<String, Object> p = new HashMap<>();
        p.put("id", "ana");
        p.put("model.provider", "stub");
        p.put("model.model", "stub-1");
        p.put("system_prompt", SYSTEM);
        p.put("language", "en");
        p.put("inbound_bindings", "[{\"plugin\":\"bench\",\"instance\":\"one\","
                + "\"system_prompt_extra\":\"Channel: web chat.\"}]");
        return p;
    }

    /** Answers at once; with {@code tool}, the first call of a turn asks for one tool. */
    private final class InstantLlm implements LlmProvider {
        private final boolean tool;

        InstantLlm(boolean tool) {
            this.tool = tool;
        }

        @Override
        public String id() {
            return "stub";
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request) {
            long chars = 0;
            for (ChatMessage m : request.messages()) {
                chars += m.content().length();
            }
            for (ToolSpec t : request.tools()) {
                chars += t.name().length() + t.description().length() + t.inputSchema().length();
            }
            promptChars.add(chars);
            maxPromptChars.accumulateAndGet(chars, Math::max);
            llmCalls.increment();
            lastRequest = request;
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (tool && last.role() == Role.USER) {
                return CompletableFuture.completedFuture(ChatResponse.toolCalls("",
                        List.of(new ToolCall("call_1", "product_lookup", "{\"city\":\"M\"}")), Usage.of(300, 10)));
            }
            return CompletableFuture.completedFuture(ChatResponse.text("Yes, we have it in M.", FinishReason.STOP,
                    Usage.of(300, 10)));
        }
    }

    private static final class BenchTool implements Tool {
        private final ToolDescriptor descriptor;

        BenchTool(String name, String description) {
            this.descriptor = new ToolDescriptor(name, description, "{\"type\":\"object\",\"properties\":{\"city\":"
                    + "{\"type\":\"string\",\"description\":\"the input\"}},\"required\":[\"city\"]}", Sensitivity.READ);
        }

        @Override
        public ToolDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
            return CompletableFuture.completedFuture(ToolResult.text("in stock: 3, 39 EUR"));
        }
    }

    /** The request as an OpenAI-compatible chat-completions body, to count what goes over the wire. */
    private static int openAiBytes(ChatRequest r) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode body = mapper.createObjectNode().put("model", r.model());
        ArrayNode messages = body.putArray("messages");
        r.messages().forEach(m -> messages.addObject().put("role", m.role().wireName()).put("content", m.content()));
        ArrayNode tools = body.putArray("tools");
        for (ToolSpec t : r.tools()) {
            ObjectNode f = tools.addObject().put("type", "function").putObject("function");
            f.put("name", t.name()).put("description", t.description());
            try {
                f.set("parameters", mapper.readTree(t.inputSchema()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
