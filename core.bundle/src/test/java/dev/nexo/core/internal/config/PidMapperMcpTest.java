package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mcp.yaml: one factory configuration per MCP server, shared settings copied in, secrets resolved. */
class PidMapperMcpTest {
    private static final String MCP = """
            mcp:
              call_timeout_ms: 20000
              restart: { initial_backoff_ms: 50 }
              servers:
                everything:
                  transport:
                    type: stdio
                    command: npx
                    args: [server-everything, stdio]
                    env:
                      API_TOKEN: ${file:./secrets/token.txt}
                  read_tools: [echo]
                  call_timeout_ms: 5000
                remote:
                  startup: eager
                  transport:
                    type: http
                    url: http://127.0.0.1:3001/mcp
                    headers:
                      Authorization: Bearer ${REMOTE_TOKEN}
            """;

    @TempDir
    Path dir;

    private Map<String, DesiredConfig> map(String yaml) {
        Fixtures.write(dir, "mcp.yaml", yaml);
        Fixtures.write(dir, "secrets/token.txt", "file-secret\n");
        LoadResult result = Fixtures.load(dir, "REMOTE_TOKEN", "env-secret");
        assertTrue(result.ok(), result.errors().toString());
        return PidMapper.map(result.config());
    }

    @Test
    void oneFactoryConfigurationPerServerWithSharedSettingsAndResolvedSecrets() throws Exception {
        Map<String, DesiredConfig> desired = map(MCP);

        DesiredConfig everything = desired.get("dev.nexo.mcp.client.server~everything");
        assertEquals("dev.nexo.mcp.client.server", everything.factoryPid());
        Map<String, Object> p = everything.properties();
        assertEquals("everything", p.get("name"));
        assertEquals("stdio", p.get("transport.type"));
        assertEquals("npx", p.get("transport.command"));
        assertArrayEquals(new String[] {"server-everything", "stdio"}, (String[]) p.get("transport.args"));
        JsonNode env = new ObjectMapper().readTree((String) p.get("transport.env"));
        assertEquals("file-secret", env.path("API_TOKEN").asText());
        assertArrayEquals(new String[] {"echo"}, (String[]) p.get("read_tools"));
        assertEquals(5000L, p.get("call_timeout_ms"), "the server's own value wins");
        assertEquals(50L, p.get("restart.initial_backoff_ms"));
        assertEquals(3000L, p.get("shutdown_grace_ms"), "book default");
        assertEquals("mcp.yaml", p.get("nexo.config.source"));
        assertEquals("lazy", p.get("startup"), "servers start lazily unless configured eager");

        Map<String, Object> remote = desired.get("dev.nexo.mcp.client.server~remote").properties();
        assertEquals(20000L, remote.get("call_timeout_ms"), "shared setting");
        assertEquals("auto", remote.get("transport.mode"));
        assertEquals("eager", remote.get("startup"));
        JsonNode headers = new ObjectMapper().readTree((String) remote.get("transport.headers"));
        assertEquals("Bearer env-secret", headers.path("Authorization").asText());
    }

    @Test
    void disabledClientMapsNoServer() {
        Map<String, DesiredConfig> desired = map(MCP.replace("mcp:\n", "mcp:\n  enabled: false\n"));
        assertFalse(desired.keySet().stream().anyMatch(k -> k.startsWith("dev.nexo.mcp.client")), desired.keySet()::toString);
    }

    @Test
    void unknownTransportFieldIsRejectedWithItsLocation() {
        Fixtures.write(dir, "mcp.yaml", "mcp:\n  servers:\n    x:\n      transport: { type: stdio, comand: npx }\n");
        LoadResult result = Fixtures.load(dir);
        assertFalse(result.ok());
        assertTrue(result.errors().toString().contains("comand"), result.errors().toString());
    }
}
