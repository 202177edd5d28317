package dev.nexo.mcp.client.internal;

import dev.nexo.api.tool.Tool;

/** Offers tools to the container (as OSGi services) and withdraws them; a plain list in unit tests. */
interface ToolPublisher {
    /**
     * @param tool the tool to offer
     * @param targetDigest {@code nexo.trust.target} of the tool: changes when the server is pointed elsewhere
     * @return closes the registration
     */
    AutoCloseable publish(Tool tool, String targetDigest);
}
