package dev.nexo.core.internal.config;

import dev.nexo.core.internal.config.Schema.Obj;

/** The files of a config dir that Nexo reads, each with its schema. Every one is optional. */
public enum FileKind {
    AGENTS("agents.yaml", Schemas.AGENTS_FILE),
    /** One entry per file under {@code agents.d/}; same shape as agents.yaml. */
    AGENTS_D("agents.d", Schemas.AGENTS_FILE),
    LLM("llm.yaml", Schemas.LLM_FILE),
    BROKER("broker.yaml", Schemas.BROKER_FILE),
    MEMORY("memory.yaml", Schemas.MEMORY_FILE),
    RUNTIME("runtime.yaml", Schemas.RUNTIME_FILE),
    TELEGRAM("plugins/telegram.yaml", Schemas.TELEGRAM_FILE),
    EMAIL("plugins/email.yaml", Schemas.EMAIL_FILE),
    WHATSAPP("plugins/whatsapp.yaml", Schemas.WHATSAPP_FILE),
    /** The subprocess plugin host: discovery (seed) and host settings, PID {@code dev.nexo.plugins}. */
    PLUGINS("plugins/discovery.yaml", Schemas.PLUGINS_FILE),
    /** MCP servers Nexo consumes as a client. */
    MCP("mcp.yaml", Schemas.MCP_FILE),
    /** Nexo as an MCP server (bundle dev.nexo.mcp.server). */
    MCP_SERVER("mcp_server.yaml", Schemas.MCP_SERVER_FILE);

    private final String path;
    private final Obj schema;

    FileKind(String path, Obj schema) {
        this.path = path;
        this.schema = schema;
    }

    /** Path relative to the config dir ('/'-separated). */
    public String path() {
        return path;
    }

    Obj schema() {
        return schema;
    }
}
