package dev.nexo.mcp.client.internal;

import java.util.List;

/**
 * Health of one MCP server on {@code /admin/api/mcp/servers} (a DTO: public fields, no logic).
 * Never carries the server's environment, headers or other secrets.
 */
public class ServerHealth {
    public String name;
    public String transport;
    public String state;
    public boolean up;
    public List<String> tools;
    public int restarts;
    public String last_error;
    public String circuit;
    public int in_flight;
    public long next_restart_in_ms;
    public String server_name;
    public String server_version;
    public String protocol_version;
}
