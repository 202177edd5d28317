package dev.nexo.plugin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.plugin.host.internal.conformance.ConformanceKit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NexoPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesHandshakeToolsAndShutdown() throws Exception {
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tool.invoke\",\"params\":{\"tool_name\":\"weather_today\",\"args\":{\"city\":\"Lima\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tool.invoke\",\"params\":{\"tool_name\":\"weather_today\",\"args\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"nope\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\",\"params\":{}}", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NexoPlugin.fromManifest(WeatherPlugin.MANIFEST)
                .tool("weather_today", "d", "{\"type\":\"object\"}", (c, a) -> {
                    if (!a.has("city")) {
                        throw new NexoPlugin.ToolError(-33402, "city missing");
                    }
                    return NexoPlugin.text("sunny in " + a.path("city").asText());
                })
                .serve(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        List<JsonNode> frames = out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l);
            }
        }).toList();
        JsonNode byId2 = frames.stream().filter(f -> f.path("id").asInt() == 2).findFirst().orElseThrow();
        assertEquals("weather", frames.get(0).path("result").path("manifest").path("plugin").path("id").asText());
        assertEquals("weather_today", frames.get(0).path("result").path("tools").get(0).path("name").asText());
        assertEquals("sunny in Lima", byId2.path("result").path("content").get(0).path("text").asText());
        assertEquals(-33402, frames.stream().filter(f -> f.path("id").asInt() == 3).findFirst().orElseThrow()
                .path("error").path("code").asInt());
        assertEquals(-32601, frames.stream().filter(f -> f.path("id").asInt() == 4).findFirst().orElseThrow()
                .path("error").path("code").asInt());
        assertTrue(frames.stream().anyMatch(f -> f.path("id").asInt() == 5 && f.path("result").path("ok").asBoolean()));
    }

    @Test
    void undeclaredToolsAreAConstructionError() {
        assertThrows(IllegalArgumentException.class, () -> NexoPlugin.fromManifest(WeatherPlugin.MANIFEST)
                .tool("weather_tomorrow", "d", "{}", (c, a) -> a));
    }

    @Test
    void anSdkPluginPassesTheConformanceKitAsARealProcess(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plugin.toml"), WeatherPlugin.MANIFEST);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path run = dir.resolve("run.sh");
        Files.writeString(run, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + WeatherPlugin.class.getName() + " \"$@\"\n");
        run.toFile().setExecutable(true);
        List<ConformanceKit.Result> results = new ConformanceKit("0.1.0").run(dir);
        assertTrue(results.stream().allMatch(ConformanceKit.Result::passed),
                results.stream().filter(r -> !r.passed()).toList().toString());
    }
}
