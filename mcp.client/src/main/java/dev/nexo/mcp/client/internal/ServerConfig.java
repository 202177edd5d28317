package dev.nexo.mcp.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One MCP server Nexo consumes: factory PID {@code dev.nexo.mcp.client.server}, one configuration
 * per {@code mcp.yaml} server (the core writes them, the shared {@code mcp:} settings copied in).
 * Method names follow the metatype mapping: {@code _} is a dot, {@code __} an underscore.
 */
@ObjectClassDefinition(name = "Nexo MCP server (client side)", description = "An external MCP server whose tools, "
        + "resources and prompts become Nexo tools named {server}_{tool}.")
public @interface ServerConfig {
    @AttributeDefinition(name = "Name", description = "The server's name: 1..32 characters of [A-Za-z0-9_-]; prefixes its tools.")
    String name();

    @AttributeDefinition(name = "Enabled", description = "When false the server is not started and offers no tools.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Start-up", description = "lazy: not started until a tool is called (its tools are "
            + "offered from the list cached under the state root; without one it is started once to list them); "
            + "eager: started at once.", options = {@org.osgi.service.metatype.annotations.Option(value = "lazy"),
                @org.osgi.service.metatype.annotations.Option(value = "eager")}, required = false)
    String startup() default "lazy";

    @AttributeDefinition(name = "Transport", description = "stdio (a child process) or http (Streamable HTTP).",
            options = {@org.osgi.service.metatype.annotations.Option(value = "stdio"),
                @org.osgi.service.metatype.annotations.Option(value = "http")})
    String transport_type();

    @AttributeDefinition(name = "Command", description = "stdio: the executable, found on PATH or absolute.", required = false)
    String transport_command() default "";

    @AttributeDefinition(name = "Arguments", description = "stdio: the executable's arguments.", required = false)
    String[] transport_args() default {};

    @AttributeDefinition(name = "Environment", description = "stdio: JSON object of variables added to the child's "
            + "environment; values may be ${file:...} or ${VAR} secrets and are never logged.", required = false)
    String transport_env() default "{}";

    @AttributeDefinition(name = "Working directory", description = "stdio: the child's working directory; empty for the container's.", required = false)
    String transport_cwd() default "";

    @AttributeDefinition(name = "URL", description = "http: the MCP endpoint, e.g. https://mcp.example.com/mcp.", required = false)
    String transport_url() default "";

    @AttributeDefinition(name = "HTTP mode", description = "http: streamable_http, sse (legacy) or auto.", required = false)
    String transport_mode() default "auto";

    @AttributeDefinition(name = "HTTP headers", description = "http: JSON object of extra request headers, e.g. "
            + "Authorization; values are secrets and never logged.", required = false)
    String transport_headers() default "{}";

    @AttributeDefinition(name = "Read tools", description = "Tools the operator marks read (by MCP name or as "
            + "{server}_{tool}); every other tool of the server is write and pends for approval.", required = false)
    String[] read__tools() default {};

    @AttributeDefinition(name = "Connect timeout (ms)", description = "How long the handshake may take.", min = "1")
    long connect__timeout__ms() default 10_000L;

    @AttributeDefinition(name = "Call timeout (ms)", description = "How long a tools/call may take before it is "
            + "cancelled and fails with a timeout error.", min = "1")
    long call__timeout__ms() default 30_000L;

    @AttributeDefinition(name = "Shutdown grace (ms)", description = "How long a stopping stdio server may take to exit before it is killed.", min = "0")
    long shutdown__grace__ms() default 3_000L;

    @AttributeDefinition(name = "Idle stop", description = "A server unused for this long is stopped; its tools "
            + "stay offered and the next call starts it again (e.g. 30m; 0 keeps it running).")
    String session__ttl() default "30m";

    @AttributeDefinition(name = "Context passthrough", description = "Send the calling agent and session as "
            + "params._meta {agent_id, session_id} with each tools/call.")
    boolean context_passthrough() default true;

    @AttributeDefinition(name = "tools/list_changed debounce (ms)", description = "Quiet period after a "
            + "tools/list_changed notification before the catalogue is refreshed.", min = "0")
    long watch_debounce__ms() default 200L;

    @AttributeDefinition(name = "Restart initial backoff (ms)", description = "First delay before restarting a crashed server; doubles on each failure.", min = "1")
    long restart_initial__backoff__ms() default 1_000L;

    @AttributeDefinition(name = "Restart maximum backoff (ms)", description = "Cap of the restart delay.", min = "1")
    long restart_max__backoff__ms() default 60_000L;

    @AttributeDefinition(name = "Resource URI schemes", description = "URI schemes the resource tools may read "
            + "(e.g. file, db); empty allows every scheme.", required = false)
    String[] resource__uri__allowlist() default {};
}
