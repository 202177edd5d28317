package dev.nexo.core.internal.agent.tool;

import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.tool.Tool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool whiteboard: {@link Tool} services (and the runtime's built-ins) by name, sorted so the
 * list offered to the LLM is stable, with the channel kind of send tools ({@link Tool#CHANNEL}).
 * A second tool with a taken name is ignored with a warning.
 */
public final class ToolRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);

    private final Map<String, Tool> tools = new ConcurrentSkipListMap<>();
    private final Map<String, String> channels = new ConcurrentHashMap<>();

    /**
     * @param tool a tool
     * @return whether it was added
     */
    public boolean add(Tool tool) {
        return add(tool, null);
    }

    /**
     * @param tool a tool
     * @param channel the channel kind it sends through, or null for a tool usable by any turn
     * @return whether it was added
     */
    public boolean add(Tool tool, String channel) {
        String name = tool.descriptor().name();
        Tool previous = tools.putIfAbsent(name, tool);
        if (previous != null && previous != tool) {
            LOG.warn("tool name {} is taken; ignoring the second registration", name);
            return false;
        }
        if (channel != null && !channel.isBlank()) {
            channels.put(name, channel);
        }
        return true;
    }

    /** @param tool a tool that went away */
    public void remove(Tool tool) {
        String name = tool.descriptor().name();
        if (tools.remove(name, tool)) {
            channels.remove(name);
        }
    }

    /**
     * @param name a tool name
     * @return the tool
     */
    public Optional<Tool> get(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /**
     * @param allowed which names a turn may see
     * @return the specs of the allowed tools, by name
     */
    public List<ToolSpec> specs(Predicate<String> allowed) {
        return specs(allowed, kind -> true);
    }

    /**
     * @param allowed which names a turn may see
     * @param canSendOn which channel kinds the turn can send on; send tools for other kinds are left out
     * @return the specs of the allowed, usable tools, by name
     */
    public List<ToolSpec> specs(Predicate<String> allowed, Predicate<String> canSendOn) {
        List<ToolSpec> out = new ArrayList<>();
        for (Map.Entry<String, Tool> e : tools.entrySet()) {
            String channel = channels.get(e.getKey());
            if (allowed.test(e.getKey()) && (channel == null || canSendOn.test(channel))) {
                out.add(e.getValue().descriptor().toSpec());
            }
        }
        return out;
    }

    /** @return every tool */
    public Collection<Tool> all() {
        return List.copyOf(tools.values());
    }
}
