package dev.nexo.itest.agentfixture;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.tool.Tool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code fixture_weather}: answers {@code sunny}. */
@Component(service = Tool.class, property = Tool.NAME + "=fixture_weather")
public class WeatherTool extends FixtureTools {
    @Activate
    public WeatherTool(@Reference Broker broker) {
        super("fixture_weather", "sunny", broker);
    }
}
