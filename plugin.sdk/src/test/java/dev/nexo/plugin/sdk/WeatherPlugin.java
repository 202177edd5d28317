package dev.nexo.plugin.sdk;

import java.io.IOException;

/** A plugin written with the SDK, run as a real child process by the conformance test. */
public final class WeatherPlugin {
    static final String MANIFEST = """
            manifest_version = 2
            [plugin]
            id = "weather"
            version = "1.0.0"
            [plugin.entrypoint]
            command = "./run.sh"
            [[plugin.channels.register]]
            kind = "weather"
            [plugin.extends]
            tools = ["weather_today"]
            """;

    private WeatherPlugin() {
    }

    public static void main(String[] args) throws IOException {
        NexoPlugin.fromManifest(MANIFEST)
                .tool("weather_today", "Today's weather for a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}",
                        (call, a) -> {
                            if (!a.path("city").isTextual()) {
                                throw new NexoPlugin.ToolError(-33402, "city must be a string");
                            }
                            System.out.println("a stray println in a handler must not corrupt the wire");
                            return NexoPlugin.text("sunny in " + a.path("city").asText());
                        })
                .onBrokerEvent((topic, event, plugin) -> plugin.publish("plugin.inbound.weather", event.path("payload")))
                .run(args);
    }
}
