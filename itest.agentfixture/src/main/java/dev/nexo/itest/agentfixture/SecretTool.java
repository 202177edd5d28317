package dev.nexo.itest.agentfixture;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.tool.Tool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code fixture_secret}: answers {@code secret}; the test agent is not allowed to call it. */
@Component(service = Tool.class, property = Tool.NAME + "=fixture_secret")
public class SecretTool extends FixtureTools {
    @Activate
    public SecretTool(@Reference Broker broker) {
        super("fixture_secret", "secret", broker);
    }
}
