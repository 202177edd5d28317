package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PidMapperTest {
    @TempDir
    Path dir;
    Map<String, DesiredConfig> desired;

    @BeforeEach
    void mapFullExample() {
        LoadResult result = Fixtures.load(Fixtures.copy("full", dir), "EMAIL_OPS_PASSWORD", "pw-from-env");
        assertTrue(result.ok(), result.errors().toString());
        desired = PidMapper.map(result.config());
    }

    @Test
    void singletonsAndFactoryConfigurationsPerInstance() {
        assertEquals(Set.of("dev.nexo.broker", "dev.nexo.memory", "dev.nexo.runtime", "dev.nexo.llm",
                "dev.nexo.agent~ana", "dev.nexo.agent~ops",
                "dev.nexo.llm.provider.anthropic~anthropic", "dev.nexo.llm.provider.openai~openai",
                "dev.nexo.channel.telegram~ana_bot", "dev.nexo.channel.whatsapp~personal",
                "dev.nexo.channel.email~ops"), desired.keySet());
        DesiredConfig ana = desired.get("dev.nexo.agent~ana");
        assertEquals("dev.nexo.agent", ana.factoryPid());
        assertEquals("ana", ana.name());
        assertEquals(null, desired.get("dev.nexo.broker").factoryPid());
    }

    @Test
    void agentPropertiesAreFlattenedTypedAndMarked() throws Exception {
        Map<String, Object> ana = desired.get("dev.nexo.agent~ana").properties();

        assertEquals(Boolean.TRUE, ana.get("nexo.managed"));
        assertEquals("agents.yaml", ana.get("nexo.config.source"));
        assertEquals("anthropic", ana.get("model.provider"));
        assertArrayEquals(new String[] {"whatsapp", "telegram"}, (String[]) ana.get("plugins"));
        assertEquals(Boolean.TRUE, ana.get("heartbeat.enabled"));
        assertEquals(64L, ana.get("config.queue_cap"));
        assertEquals(2000L, ana.get("config.debounce_ms"));
        assertArrayEquals(new String[0], (String[]) ana.get("allowed_tools"));
        JsonNode bindings = new ObjectMapper().readTree((String) ana.get("inbound_bindings"));
        assertEquals("whatsapp", bindings.get(0).get("plugin").asText());
        assertEquals(0.5, bindings.get(0).get("sender_rate_limit").get("rps").asDouble());
        assertEquals("disable", bindings.get(1).get("sender_rate_limit").asText());
        assertEquals("1194292426", bindings.get(1).get("outbound_allowlist").get("telegram").get(0).asText());
        JsonNode limits = new ObjectMapper().readTree((String) ana.get("tool_rate_limits"));
        assertEquals(5, limits.get("patterns").get("memory_*").get("burst").asInt());
        assertEquals("agents.d/10-ops.yaml", desired.get("dev.nexo.agent~ops").properties().get("nexo.config.source"));
    }

    @Test
    void channelAndProviderPropertiesCarryResolvedSecrets() {
        Map<String, Object> telegram = desired.get("dev.nexo.channel.telegram~ana_bot").properties();
        assertEquals("123456:telegram-token", telegram.get("token"));
        assertEquals(Boolean.TRUE, telegram.get("polling.enabled"));
        assertArrayEquals(new Long[] {1194292426L, -100200300L}, (Long[]) telegram.get("allowlist.chat_ids"));

        Map<String, Object> email = desired.get("dev.nexo.channel.email~ops").properties();
        assertEquals(65536L, email.get("max_body_bytes"), "shared settings copied into each account");
        assertEquals("imap.example.com", email.get("imap.host"));
        assertEquals("pw-from-env", email.get("auth.password"));

        Map<String, Object> openai = desired.get("dev.nexo.llm.provider.openai~openai").properties();
        assertEquals("sk-test-openai", openai.get("api_key"));
        assertEquals("openai", openai.get("factory_type"));
        assertEquals("openai", openai.get("name"));
        assertEquals(3L, openai.get("retry.max_attempts"), "top-level retry applies");
        assertEquals(5.0, openai.get("rate_limit.requests_per_second"));

        assertEquals("local", desired.get("dev.nexo.broker").properties().get("type"));
        assertEquals(250L, desired.get("dev.nexo.runtime").properties().get("reload.debounce_ms"));
    }

    @Test
    void absentFilesGiveDefaultSingletons() {
        Map<String, DesiredConfig> zero = PidMapper.map(Fixtures.load(null).config());

        assertEquals(Set.of("dev.nexo.broker", "dev.nexo.memory", "dev.nexo.runtime", "dev.nexo.llm"), zero.keySet());
        assertEquals(EffectiveConfig.DEFAULTS, zero.get("dev.nexo.broker").properties().get("nexo.config.source"));
        assertEquals("./data/memory.db", zero.get("dev.nexo.memory").properties().get("long_term.sqlite.path"));
    }

    @Test
    void pluginsDiscoveryYamlBecomesThePluginHostPid() {
        Path config = dir.resolve("plugins-config");
        Fixtures.write(config, "plugins/discovery.yaml", "discovery:\n  search_paths: [/opt/nexo-plugins]\n"
                + "  disabled: [legacy]\nhost:\n  read_tools: [ext_pyecho_*]\n  queue_depth: 16\n  require_sandbox: true\n");
        LoadResult result = Fixtures.load(config);
        assertTrue(result.ok(), result.errors().toString());
        Map<String, Object> plugins = PidMapper.map(result.config()).get("dev.nexo.plugins").properties();
        assertArrayEquals(new String[] {"/opt/nexo-plugins"}, (String[]) plugins.get("search_paths"));
        assertArrayEquals(new String[] {"legacy"}, (String[]) plugins.get("disabled"));
        assertArrayEquals(new String[] {"ext_pyecho_*"}, (String[]) plugins.get("read_tools"));
        assertEquals(16L, plugins.get("queue_depth"));
        assertEquals(Boolean.TRUE, plugins.get("require_sandbox"));
        assertEquals("plugins/discovery.yaml", plugins.get("nexo.config.source"));

        Fixtures.write(config, "plugins/discovery.yaml", "host:\n  queue_dept: 16\n");
        assertTrue(Fixtures.load(config).errors().toString().contains("queue_dept"), "unknown fields are rejected");
    }
}
