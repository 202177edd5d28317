package dev.nexo.mcp.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value McpServerComponent#PID}; written from {@code mcp_server.yaml} by the core's config loader. */
@ObjectClassDefinition(name = "Nexo MCP server", description = "Nexo as an MCP server: Streamable HTTP at /mcp on the "
        + "admin HTTP server, for MCP clients such as coding assistants. Callers authenticate with an agent token; "
        + "every tool call passes the trust policy as that agent.")
public @interface McpServerConfig {
    @AttributeDefinition(name = "Enabled", description = "Serve /mcp. Off by default: exposing tools is an operator's decision.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Server name", description = "serverInfo.name in the initialize result.")
    String name() default "nexo";

    @AttributeDefinition(name = "Tool allowlist", description = "Tool names or globs ('memory_*') that may be exposed. "
            + "Empty exposes every native tool (never proxies unless expose_proxies).")
    String[] allowlist() default {};

    @AttributeDefinition(name = "Per-agent tools", description = "Entries 'agent:glob' narrowing what one agent sees, "
            + "e.g. 'coder:memory_recall'. An agent with entries sees only tools matching one of them.")
    String[] agent_tools() default {};

    @AttributeDefinition(name = "Expose proxies", description = "Also expose tools that proxy other servers (capabilities "
            + "with MCP-server or subprocess-plugin provenance). Off: no open relay.")
    boolean expose_proxies() default false;

    @AttributeDefinition(name = "Expose memory", description = "Expose the agent memory tools (memory_*).")
    boolean expose_memory() default true;

    @AttributeDefinition(name = "Expose messaging", description = "Expose channel tools (send/reply on Telegram, "
            + "email, WhatsApp). They send real messages.")
    boolean expose_messaging() default false;

    @AttributeDefinition(name = "Require auth", description = "Require an agent token. When false, calls act as "
            + "anonymous_agent; refused unless the admin HTTP server binds a loopback address.")
    boolean require_auth() default true;

    @AttributeDefinition(name = "Anonymous agent", description = "The agent id (and tenant 'default') calls act as when require_auth is false.")
    String anonymous_agent() default "";

    @AttributeDefinition(name = "Rate (calls per second)", description = "Per (agent, tool) token-bucket rate; 0 turns it off.")
    double rate_limit_rps() default 100;

    @AttributeDefinition(name = "Rate burst", description = "Per (agent, tool) bucket size.")
    int rate_limit_burst() default 200;

    @AttributeDefinition(name = "Max calls in flight", description = "Per (agent, tool) concurrency cap.")
    int max_in_flight() default 10;

    @AttributeDefinition(name = "Queue wait (ms)", description = "How long a call over the concurrency cap waits for a slot; 0 refuses at once.")
    int queue_wait_ms() default 5000;

    @AttributeDefinition(name = "Call timeout (seconds)", description = "A tool call running longer fails with -32001 (at most 600).")
    int call_timeout_secs() default 30;

    @AttributeDefinition(name = "Approval wait (seconds)", description = "When a call pends for a human, wait this long "
            + "for the decision; 0 answers at once with a pending_approval error naming the approval.")
    int approval_wait_secs() default 0;

    @AttributeDefinition(name = "Session idle timeout (seconds)", description = "An unused session is forgotten after this (at most 86400).")
    int session_idle_timeout_secs() default 300;

    @AttributeDefinition(name = "Max sessions", description = "Open sessions at most; initialize is refused beyond.")
    int max_sessions() default 1000;

    @AttributeDefinition(name = "Max body (bytes)", description = "Larger request bodies get HTTP 413 (at most 16 MiB).")
    int body_max_bytes() default 1048576;
}
