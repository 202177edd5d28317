package dev.nexo.core.internal.logging;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes {@code java.util.logging} into SLF4J so there is one log backend: Felix HTTP logs
 * through JUL ({@code org.apache.felix.http.log.jul=true}) instead of printing to stdout, which
 * would break JSON-lines output. Starts before the HTTP stack (start level 1).
 */
@Component(immediate = true, service = {})
public class JulBridge {

    @Activate
    void activate() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
