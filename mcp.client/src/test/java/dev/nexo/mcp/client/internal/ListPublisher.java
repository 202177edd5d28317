package dev.nexo.mcp.client.internal;

import dev.nexo.api.tool.Tool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records what a runtime offers, as the OSGi registry would. */
final class ListPublisher implements ToolPublisher {
    final Map<String, Tool> tools = new ConcurrentHashMap<>();
    final Map<String, String> targets = new ConcurrentHashMap<>();

    @Override
    public AutoCloseable publish(Tool tool, String targetDigest) {
        String name = tool.descriptor().name();
        if (tools.putIfAbsent(name, tool) != null) {
            throw new IllegalStateException("published twice: " + name);
        }
        targets.put(name, targetDigest);
        return () -> tools.remove(name, tool);
    }
}
