package dev.nexo.core.internal.http.jetty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs {@link TypedErrorHandler} on Felix HTTP's Jetty server(s). Felix HTTP exposes its
 * {@link Server} only to {@link ConnectorFactory} services (called once the server has started),
 * so this is one: it swaps the server's error handler and returns a {@link Detached} connector,
 * which opens no socket and takes itself out of the server's connector list when started (Felix
 * lists every connector as an HTTP endpoint and accepts only real server connectors there).
 * Deactivation (bundle stop/update) restores the previous handler, so nothing of ours stays in
 * Jetty.
 */
@Component(service = ConnectorFactory.class)
public class TypedJettyErrors implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TypedJettyErrors.class);
    private final Map<Server, ErrorHandler> previous = new ConcurrentHashMap<>();

    @Override
    public Connector createConnector(Server server) {
        ErrorHandler before = server.getErrorHandler();
        if (!(before instanceof TypedErrorHandler)) {
            TypedErrorHandler typed = new TypedErrorHandler();
            server.setErrorHandler(typed);
            startQuietly(typed);
            if (before != null) {
                previous.put(server, before);
            }
            LOG.info("typed JSON errors installed for requests Jetty refuses itself");
        }
        Detached none = new Detached(server);
        none.setName("nexo-typed-errors");
        return none;
    }

    /** A connector that never listens: started by Felix, it removes itself from the server at once. */
    static final class Detached extends LocalConnector {
        Detached(Server server) {
            super(server);
        }

        @Override
        protected void doStart() {
            getServer().removeConnector(this);
        }

        @Override
        protected void doStop() {
            // nothing was started
        }
    }

    @Deactivate
    void deactivate() {
        previous.forEach((server, before) -> {
            if (server.getErrorHandler() instanceof TypedErrorHandler) {
                server.setErrorHandler(before);
            }
        });
        previous.clear();
    }

    private static void startQuietly(ErrorHandler handler) {
        try {
            if (!handler.isStarted()) {
                handler.start();
            }
        } catch (Exception e) {
            LOG.warn("the typed error handler did not start: {}", e.toString());
        }
    }
}
