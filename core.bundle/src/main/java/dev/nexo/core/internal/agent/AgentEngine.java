package dev.nexo.core.internal.agent;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Topics;
import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.InboundContext;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.core.internal.agent.hook.HookChain;
import dev.nexo.core.internal.agent.prompt.AutoRecall;
import dev.nexo.core.internal.agent.session.Session;
import dev.nexo.core.internal.agent.session.SessionKey;
import dev.nexo.core.internal.agent.session.SessionListener;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import dev.nexo.core.internal.agent.session.SessionStore;
import dev.nexo.core.internal.agent.tool.ArgumentValidator;
import dev.nexo.core.internal.agent.tool.ToolExecutor;
import dev.nexo.core.internal.agent.tool.ToolRegistry;
import dev.nexo.core.internal.message.MessageJson;
import dev.nexo.core.internal.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime without OSGi: takes inbound events from {@code plugin.inbound.>} (queue group
 * {@value #QUEUE_GROUP}), drops those without text or media, routes each to the first agent whose
 * binding matches its channel exactly, runs the turn (turns of one session one after another,
 * sessions in parallel) and publishes the reply on {@code plugin.outbound.<kind>.<instance>} after
 * checking the outbound allowlist and the pinned account. Failed turns publish an error event on
 * {@code agent.events.<id>}. Delegated turns arrive on {@code agent.route.<id>}.
 */
public final class AgentEngine implements AutoCloseable {
    /** Queue group of the inbound and delegation subscriptions: with several nodes, one takes each event. */
    public static final String QUEUE_GROUP = "nexo_agents";
    private static final Logger LOG = LoggerFactory.getLogger(AgentEngine.class);

    private final Broker broker;
    private final EngineSettings settings;
    private final MessageJson json = new MessageJson();
    private volatile List<AgentInstance> agents = List.of();
    private final Map<String, LlmProvider> providers = new ConcurrentHashMap<>();
    private final ToolRegistry tools = new ToolRegistry();
    private final HookChain hooks;
    private final SessionStore sessions;
    private final TurnRunner runner;
    private final UsageMeter usage = new UsageMeter();
    private final AutoRecall recall = new AutoRecall(Duration.ofSeconds(2));
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Map<SessionKey, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final CounterFamily dropped = new CounterFamily("nexo.agent.inbound.dropped",
            "inbound events no agent took: malformed, no_content (nothing for an LLM) or unrouted (no binding)",
            "reason");
    private final Outbound outbound;
    private final Delegation delegation;
    private final Clock clock;
    private final Map<String, java.time.Instant> lastHeartbeat = new ConcurrentHashMap<>();
    private final Set<String> heartbeatRunning = ConcurrentHashMap.newKeySet();
    private volatile TrustPolicy trust;
    private volatile PairingGate pairing = PairingGate.OPEN;
    private volatile boolean accepting;

    /**
     * @param broker the broker
     * @param persistence where sessions persist
     * @param clock time source for sessions
     * @param settings the knobs
     */
    public AgentEngine(Broker broker, SessionPersistence persistence, Clock clock, EngineSettings settings) {
        this.broker = broker;
        this.settings = settings;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("nexo-agent-timer"));
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(n, r -> daemon("nexo-agent-worker-" + count.incrementAndGet())
                .newThread(r));
        this.hooks = new HookChain(timer, settings.hookTimeout());
        this.sessions = new SessionStore(clock, settings.sessionCap(), settings.sessionTtl(), new Announcer(),
                persistence);
        ToolExecutor executor = new ToolExecutor(tools, new ArgumentValidator(), hooks, () -> trust, timer,
                settings.toolTimeout());
        this.runner = new TurnRunner(providers::get, tools, executor, hooks, sessions, settings.llmTimeout(), recall);
        this.outbound = new Outbound(this, broker, json, timer);
        this.delegation = new Delegation(this, broker, settings.delegationTimeout());
        tools.add(delegation.tool());
    }

    /** Restores persisted sessions, subscribes, and starts the TTL sweeper. */
    public void start() {
        sessions.restore();
        accepting = true;
        SubscriptionOptions group = SubscriptionOptions.builder().queueGroup(QUEUE_GROUP).capacity(4096).build();
        subscriptions.add(broker.subscribe(Topics.INBOUND + ".>", group, this::onInbound));
        subscriptions.add(broker.subscribe(Topics.AGENT_ROUTE + ".*", group, delegation::onRoute));
        subscriptions.add(broker.subscribe(Topics.DELIVERY + ".>", outbound::onReceipt));
        timer.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::heartbeats, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts a heartbeat turn for every agent with {@code heartbeat.enabled} whose interval has
     * passed since its last one (the first check only starts its clock; a heartbeat still running
     * is not doubled). The turn is bindingless, in the agent's {@code heartbeat} session; its
     * answer is published on {@code agent.events.<id>} as {@code {"type":"heartbeat","text":…}}.
     * Agents without a heartbeat make no LLM calls while idle.
     */
    public synchronized void heartbeats() {
        if (!accepting) {
            return;
        }
        java.time.Instant now = clock.instant();
        for (AgentInstance a : agents) {
            AgentConfig c = a.config();
            java.time.Instant last = c.heartbeat() == null ? null : lastHeartbeat.putIfAbsent(c.id(), now);
            if (last == null || now.isBefore(last.plus(c.heartbeat())) || !heartbeatRunning.add(c.id())) {
                continue;
            }
            lastHeartbeat.put(c.id(), now);
            String corr = dev.nexo.api.event.Ids.newId();
            internalTurn(c, new SessionKey(c.id(), "heartbeat", c.id()), "[heartbeat] " + now, corr,
                    InboundContext.internalSystem()).whenComplete((r, err) -> {
                        heartbeatRunning.remove(c.id());
                        if (r != null && r.kind() == TurnResult.Kind.REPLY) {
                            broker.publish(Event.builder(Topics.agentEvents(c.id()), "agent." + c.id())
                                    .correlationId(corr).payload(json(Map.of("type", "heartbeat", "text", r.text())))
                                    .build());
                        } else if (r != null && r.kind() == TurnResult.Kind.FAILED) {
                            error(c.id(), r.errorCode(), r.text(), corr);
                        }
                    });
        }
    }

    /** Ends sessions idle past the TTL. */
    public void sweep() {
        try {
            sessions.sweep();
        } catch (RuntimeException e) {
            LOG.warn("session sweep failed: {}", e.toString());
        }
    }

    void onInbound(Event event) {
        if (!accepting) {
            return;
        }
        InboundMessage m;
        try {
            m = json.inbound(event.payload());
        } catch (IllegalArgumentException e) {
            dropped.increment("malformed");
            LOG.warn("malformed inbound event {}: {}", event.id(), e.getMessage());
            return;
        }
        if (!m.hasContent()) {
            dropped.increment("no_content");
            LOG.debug("inbound {} has no text or media; not for an LLM", m);
            return;
        }
        String kind = m.channel().kind();
        String instance = m.channel().instance().orElse(null);
        Optional<Route> route = route(kind, instance);
        if (route.isEmpty()) {
            dropped.increment("unrouted");
            LOG.debug("no agent is bound to {}; dropping {}", m.channel(), m);
            return;
        }
        AgentConfig agent = route.get().agent();
        Binding binding = route.get().binding();
        if (binding.pairingRequired() && !pairing.admits(agent.id(), m)) {
            LOG.info("sender of {} is not paired with agent {}; dropping", m, agent.id());
            return;
        }
        String correlationId = event.correlationId().orElse(event.id());
        TurnPolicy policy = TurnPolicy.of(agent, binding);
        SessionKey key = new SessionKey(agent.id(), m.channel().toString(), m.chat().id());
        submit(key, () -> inboundTurn(policy, key, m, correlationId));
    }

    private CompletionStage<Void> inboundTurn(TurnPolicy policy, SessionKey key, InboundMessage m, String corr) {
        Session session = sessions.open(key);
        AgentConfig agent = policy.agent();
        BindingContext binding = new BindingContext(agent.id(), policy.binding().plugin(),
                m.channel().instance().orElse("default"), policy.binding().id(), Optional.empty());
        ToolContext context = ToolContext.builder(agent.tenant(), agent.id(), corr).sessionId(session.id())
                .binding(binding).inbound(InboundContext.externalUser(m.sender().id(), m.messageId(), m.receivedAt(),
                        !m.attachments().isEmpty())).build();
        return runner.run(new TurnRunner.Turn(policy, session, m, null, corr, context)).thenAccept(result -> {
            switch (result.kind()) {
                case REPLY -> outbound.reply(policy, m, result.text(), corr, session.id());
                case FAILED -> error(agent.id(), result.errorCode(), result.text(), corr);
                default -> LOG.info("turn of agent {} blocked by a hook: {} [{}]", agent.id(), result.text(), corr);
            }
            usage.record(agent.id(), result); // last: a finished turn count means its reply was published
        });
    }

    /** Runs {@code work} after the session's previous turn; sessions run in parallel on the workers. */
    void submit(SessionKey key, java.util.function.Supplier<CompletionStage<Void>> work) {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        inFlight.add(turn);
        active.incrementAndGet();
        CompletableFuture<Void> previous = tails.put(key, turn);
        CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
        start.handleAsync((v, e) -> {
            try {
                work.get().whenComplete((x, err) -> done(key, turn, err));
            } catch (RuntimeException err) {
                done(key, turn, err);
            }
            return null;
        }, workers);
    }

    private void done(SessionKey key, CompletableFuture<Void> turn, Throwable err) {
        if (err != null) {
            LOG.warn("turn failed in session {}: {}", key, err.toString());
        }
        tails.remove(key, turn);
        inFlight.remove(turn);
        active.decrementAndGet();
        turn.complete(null);
    }

    void error(String agentId, String code, String message, String correlationId) {
        LOG.warn("agent {} turn failed: {} {} [{}]", agentId, code, message, correlationId);
        String payload = json(Map.of("type", "error", "code", code, "message", String.valueOf(message)));
        broker.publish(Event.builder(Topics.agentEvents(agentId), "agent." + agentId).correlationId(correlationId)
                .payload(payload).build());
    }

    static String json(Map<String, String> fields) {
        var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        fields.forEach(n::put);
        return n.toString();
    }

    private Optional<Route> route(String kind, String instance) {
        for (AgentInstance a : agents) {
            AgentConfig c = a.config();
            Optional<Binding> b = c.bindingFor(kind, instance);
            if (b.isPresent()) {
                return Optional.of(new Route(c, b.get()));
            }
        }
        return Optional.empty();
    }

    private record Route(AgentConfig agent, Binding binding) {
    }

    /**
     * @param agentId an agent id
     * @return its current config
     */
    public Optional<AgentConfig> agent(String agentId) {
        for (AgentInstance a : agents) {
            if (a.config().id().equals(agentId)) {
                return Optional.of(a.config());
            }
        }
        return Optional.empty();
    }

    /**
     * @param context a tool's context
     * @return the policy of the turn that called it (agent plus the binding named in its context)
     */
    Optional<TurnPolicy> policyFor(ToolContext context) {
        return agent(context.agentId()).map(c -> TurnPolicy.of(c, context.binding().flatMap(b -> c.bindings()
                .stream().filter(x -> x.id().equals(b.bindingId())).findFirst()).orElse(null)));
    }

    /** Runs a bindingless turn (delegation) and reports its result. */
    CompletionStage<TurnResult> internalTurn(AgentConfig agent, SessionKey key, String text, String corr,
            InboundContext inbound) {
        CompletableFuture<TurnResult> out = new CompletableFuture<>();
        submit(key, () -> {
            Session session = sessions.open(key);
            ToolContext context = ToolContext.builder(agent.tenant(), agent.id(), corr).sessionId(session.id())
                    .inbound(inbound).build();
            return runner.run(new TurnRunner.Turn(TurnPolicy.of(agent, null), session, null, text, corr, context))
                    .thenAccept(r -> {
                        usage.record(agent.id(), r);
                        out.complete(r);
                    });
        });
        return out;
    }

    /** @param instance an agent to route to */
    public synchronized void addAgent(AgentInstance instance) {
        List<AgentInstance> sorted = new ArrayList<>(agents);
        sorted.add(instance);
        sorted.sort(Comparator.comparing(a -> a.config().id()));
        agents = List.copyOf(sorted); // one atomic swap: routing never sees a half-built list
    }

    /** @param instance an agent that went away */
    public synchronized void removeAgent(AgentInstance instance) {
        List<AgentInstance> rest = new ArrayList<>(agents);
        rest.remove(instance);
        agents = List.copyOf(rest);
    }

    /**
     * @param id provider id
     * @param provider the provider
     */
    public void addProvider(String id, LlmProvider provider) {
        providers.put(id, provider);
    }

    /**
     * @param id provider id
     * @param provider the provider that went away
     */
    public void removeProvider(String id, LlmProvider provider) {
        providers.remove(id, provider);
    }

    /** @param tool a tool usable by any turn */
    public void addTool(Tool tool) {
        tools.add(tool);
    }

    /**
     * @param tool a tool
     * @param channel the channel kind it sends through ({@link Tool#CHANNEL}), or null
     */
    public void addTool(Tool tool, String channel) {
        tools.add(tool, channel);
    }

    /** @param tool a tool that went away */
    public void removeTool(Tool tool) {
        tools.remove(tool);
    }

    /**
     * @param hook a hook
     * @param points its points
     * @param priority its order
     * @param name for logs
     * @return whether every point took it
     */
    public boolean addHook(Hook hook, List<HookPoint> points, int priority, String name) {
        return hooks.add(hook, points, priority, name);
    }

    /** @param hook a hook that went away */
    public void removeHook(Hook hook) {
        hooks.remove(hook);
    }

    /** @param policy the trust policy, or null when none is installed */
    public synchronized void trust(TrustPolicy policy) {
        this.trust = policy;
    }

    /** @param policy a trust policy that went away; cleared only if it is still the current one */
    public synchronized void clearTrust(TrustPolicy policy) {
        if (trust == policy) {
            trust = null;
        }
    }

    /** @return the automatic memory recall (bind/unbind the store, counters) */
    public AutoRecall autoRecall() {
        return recall;
    }

    /** @param gate the pairing check for bindings that require pairing, or null for none */
    public void pairing(PairingGate gate) {
        this.pairing = gate == null ? PairingGate.OPEN : gate;
    }

    /** @return the checked send path for channel send tools */
    public AgentOutbound outbound() {
        return outbound;
    }

    /** @return the session store */
    public SessionStore sessions() {
        return sessions;
    }

    /** @return usage per agent */
    public UsageMeter usage() {
        return usage;
    }

    /** @return the configured agents, by id */
    public List<AgentConfig> agents() {
        return agents.stream().map(AgentInstance::config).toList();
    }

    /** @return turns queued or running */
    public int activeTurns() {
        return active.get();
    }

    /** @return inbound events dropped because they had nothing for an LLM */
    public long droppedWithoutContent() {
        return dropped.get("no_content");
    }

    /**
     * Exports the engine's counters (inbound drops, usage, automatic recall) to {@code registry},
     * the core's Prometheus registry behind {@code /metrics}.
     */
    public void bindMeters(MeterRegistry registry) {
        for (String reason : new String[] {"malformed", "no_content", "unrouted"}) {
            dropped.declare(reason);
        }
        dropped.bind(registry);
        usage.bindMeters(registry);
        recall.bindMeters(registry);
    }

    /** Stops exporting the engine's counters; counting goes on. */
    public void unbindMeters() {
        dropped.unbind();
        usage.unbindMeters();
        recall.unbindMeters();
    }

    /**
     * Stops intake, waits (bounded) for in-flight turns, then stops the threads. Turns still running
     * after the drain timeout are abandoned and logged.
     */
    @Override
    public void close() {
        accepting = false;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
        try {
            all.get(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("{} agent turns still running after {} ms; abandoning them", active.get(),
                    settings.drainTimeout().toMillis());
        }
        outbound.close();
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private final class Announcer implements SessionListener {
        @Override
        public void started(Session session) {
            notifyHooks(HookPoint.SESSION_START, session);
        }

        @Override
        public void ended(Session session, String reason) {
            LOG.debug("session {} ended ({})", session.key(), reason);
            notifyHooks(HookPoint.SESSION_END, session);
        }

        private void notifyHooks(HookPoint point, Session session) {
            AgentConfig c = agent(session.key().agentId()).orElse(null);
            String tenant = c == null ? "default" : c.tenant();
            hooks.notify(HookContext.builder(point, tenant, session.key().agentId(), session.id())
                    .sessionId(session.id()).build());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Delivery receipt, for the {@link Outbound} path. */
    static DeliveryReceipt receipt(MessageJson json, Event e) {
        return json.receipt(e.payload());
    }

    /** Publishes one outbound message for an agent. */
    CompletionStage<Void> publish(String agentId, OutboundMessage message, String sessionId) {
        Event e = Event.builder(message.channel().outboundTopic(), "agent." + agentId)
                .correlationId(message.correlationId().orElse(null)).sessionId(sessionId)
                .payload(json.outbound(message)).build();
        return broker.publish(e);
    }
}
