package dev.nexo.core.internal.agent;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.trust.PairingService;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.core.internal.agent.session.SessionFiles;
import dev.nexo.core.internal.runtime.StateRoot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime as a DS component: wires the {@link AgentEngine} to the broker, the configured
 * agents ({@link AgentInstance}), and the whiteboards of LLM providers, tools and hooks, and attaches
 * the engine's checked {@link AgentOutbound} path to the {@link OutboundPort} channel send tools use. Sessions persist under
 * {@code <state root>/data/sessions}. Deactivation stops intake and drains in-flight turns
 * (bounded) before the broker and providers go.
 */
@Component(service = AgentRuntime.class, configurationPid = AgentRuntime.PID,
        immediate = true)
@Designate(ocd = AgentRuntime.Config.class)
public class AgentRuntime {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.agent.runtime";
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    @ObjectClassDefinition(name = "Nexo agent runtime", description = "Sessions, timeouts and shutdown of agent turns.")
    public @interface Config {
        @AttributeDefinition(name = "Session cap", description = "Most live conversation sessions; past it the "
                + "oldest idle one ends.")
        int session_cap() default 10_000;

        @AttributeDefinition(name = "Session TTL (minutes)", description = "A session idle this long ends.")
        long session_ttl_minutes() default 1440;

        @AttributeDefinition(name = "Hook timeout (ms)", description = "Longest wait for one hook; a late hook "
                + "counts as 'continue'.")
        long hook_timeout_ms() default 5000;

        @AttributeDefinition(name = "Tool timeout (ms)", description = "Longest wait for one tool call.")
        long tool_timeout_ms() default 30_000;

        @AttributeDefinition(name = "LLM timeout (ms)", description = "Longest wait for one LLM call.")
        long llm_timeout_ms() default 120_000;

        @AttributeDefinition(name = "Drain timeout (ms)", description = "Longest wait for running turns at shutdown.")
        long drain_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Delegation timeout (ms)", description = "Longest wait for a delegated agent.")
        long delegation_timeout_ms() default 60_000;
    }

    private final AgentEngine engine;
    private final SessionFiles files;
    private final ServicePairingGate pairing;
    private final OutboundPort port;
    private MeterRegistry meters;

    /**
     * @param broker the broker
     * @param state the state root
     * @param port the {@code AgentOutbound} service the send tools hold, attached to this engine
     * @param config the knobs
     */
    @Activate
    public AgentRuntime(@Reference Broker broker, @Reference StateRoot state, @Reference OutboundPort port,
            Config config) {
        EngineSettings settings = new EngineSettings(config.session_cap(),
                Duration.ofMinutes(config.session_ttl_minutes()), Duration.ofMillis(config.hook_timeout_ms()),
                Duration.ofMillis(config.tool_timeout_ms()), Duration.ofMillis(config.llm_timeout_ms()),
                Duration.ofMillis(config.drain_timeout_ms()), Duration.ofMillis(config.delegation_timeout_ms()));
        this.files = new SessionFiles(state.data().resolve("sessions"));
        this.engine = new AgentEngine(broker, files, Clock.systemUTC(), settings);
        this.pairing = new ServicePairingGate((agentId, out) -> engine.publish(agentId, out, null));
        engine.pairing(pairing); // fails closed for pairing-gated bindings until a PairingService is bound
        engine.start();
        this.port = port;
        port.attach(engine.outbound());
        LOG.info("agent runtime started: {} agents, {} sessions restored", engine.agents().size(),
                engine.sessions().size());
    }

    @Deactivate
    void deactivate() {
        port.detach(engine.outbound());
        engine.close();
        files.close();
        LOG.info("agent runtime stopped");
    }

    /** @return the engine, for the admin API and commands */
    public AgentEngine engine() {
        return engine;
    }

    // SCR calls the bind methods below after the constructor, so the engine exists by then.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAgent(AgentInstance agent) {
        engine.addAgent(agent);
    }

    void removeAgent(AgentInstance agent) {
        engine.removeAgent(agent);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(LlmProvider provider, Map<String, Object> props) {
        engine.addProvider(providerId(provider, props), provider);
    }

    void removeProvider(LlmProvider provider, Map<String, Object> props) {
        engine.removeProvider(providerId(provider, props), provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTool(Tool tool, Map<String, Object> props) {
        Object channel = props.get(Tool.CHANNEL);
        engine.addTool(tool, channel == null ? null : String.valueOf(channel));
    }

    void removeTool(Tool tool) {
        engine.removeTool(tool);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHook(Hook hook, Map<String, Object> props) {
        List<HookPoint> points = new ArrayList<>();
        for (String p : AgentConfigParser.strings(props.get(Hook.POINTS))) {
            try {
                points.add(HookPoint.parse(p));
            } catch (IllegalArgumentException e) {
                LOG.warn("hook service {} names an unknown point {}", props.get(Constants.SERVICE_ID), p);
            }
        }
        Object priority = props.get(Hook.PRIORITY);
        int order = priority == null ? 0 : Integer.parseInt(String.valueOf(priority));
        engine.addHook(hook, points, order, String.valueOf(props.getOrDefault("component.name",
                props.get(Constants.SERVICE_ID))));
    }

    void removeHook(Hook hook) {
        engine.removeHook(hook);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTrust(TrustPolicy trust) {
        engine.trust(trust);
    }

    void unsetTrust(TrustPolicy trust) {
        engine.clearTrust(trust);
    }

    // Automatic memory recall: the best-ranked MemoryStore, if one is installed (memory is optional).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMemory(MemoryStore store, Map<String, Object> props) {
        engine.autoRecall().bind(store, props);
    }

    void unsetMemory(MemoryStore store) {
        engine.autoRecall().unbind(store);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPairing(PairingService service) {
        pairing.bind(service);
    }

    void unsetPairing(PairingService service) {
        pairing.unbind(service);
    }

    // The engine's and the pairing gate's counters on /metrics, while the core's registry is up.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(nexo.registry=prometheus)")
    synchronized void setMeters(MeterRegistry registry) {
        meters = registry;
        engine.bindMeters(registry);
        pairing.bindMeters(registry);
    }

    synchronized void unsetMeters(MeterRegistry registry) {
        if (meters == registry) { // a greedy replacement binds the new registry before unbinding the old
            meters = null;
            engine.unbindMeters();
            pairing.unbindMeters();
        }
    }

    /** @return pairing-gated messages dropped because no pairing service was available (fail closed) */
    public long pairingFailedClosed() {
        return pairing.failedClosed();
    }

    private static String providerId(LlmProvider provider, Map<String, Object> props) {
        Object id = props.get(LlmProvider.PROVIDER);
        return id == null ? provider.id() : String.valueOf(id);
    }
}
