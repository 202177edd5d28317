package dev.nexo.core.internal.agent;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured agent: a component per {@code dev.nexo.agent~<id>} factory configuration (written
 * by the config loader from {@code agents.yaml} and {@code agents.d/*.yaml}). A config change arrives
 * through {@link #modified}: the next turn reads the new {@link AgentConfig}; a turn already running
 * keeps the snapshot it started with.
 */
@Component(service = AgentInstance.class, configurationPid = AgentInstance.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class AgentInstance {
    /** The factory PID the config loader maps each agent to. */
    public static final String FACTORY_PID = "dev.nexo.agent";
    private static final Logger LOG = LoggerFactory.getLogger(AgentInstance.class);

    private volatile AgentConfig config;

    /** @param properties the configuration */
    @Activate
    public AgentInstance(Map<String, Object> properties) {
        this.config = AgentConfigParser.parse(properties);
        LOG.info("agent {} configured ({} bindings, provider {})", config.id(), config.bindings().size(),
                config.provider());
    }

    /** For tests and benchmarks: an agent that is not backed by ConfigAdmin. */
    public AgentInstance(AgentConfig config) {
        this.config = config;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        AgentConfig next = AgentConfigParser.parse(properties);
        this.config = next;
        LOG.info("agent {} reconfigured; applies from its next message", next.id());
    }

    /** @return the current configuration; take it once per turn */
    public AgentConfig config() {
        return config;
    }
}
