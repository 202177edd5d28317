package dev.nexo.core.internal.config;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code nexo:config} prints the load status and the masked config; {@code nexo:config reload}. */
@Component(service = ConfigCommand.class, property = {
    "osgi.command.scope=nexo",
    "osgi.command.function=config",
})
public final class ConfigCommand {
    private final ConfigService service;

    @Activate
    public ConfigCommand(@Reference ConfigService service) {
        this.service = service;
    }

    public String config() {
        return StatusText.render(service.status());
    }

    public String config(String action) {
        if ("reload".equals(action)) {
            return StatusText.render(service.reload());
        }
        return "usage: config [reload]";
    }
}
