package dev.nexo.core.internal.runtime;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework in order when the process is asked to end (SIGTERM, Ctrl-C), so every
 * bundle's components deactivate and release what they hold; the launcher alone would let the
 * JVM exit under them. Bounded: a framework that does not stop in time is left to the JVM.
 */
@Component(immediate = true, service = {})
public class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final long STOP_TIMEOUT_MS = 30_000;

    private final Thread hook;

    @Activate
    public GracefulShutdown(BundleContext context) {
        Framework framework = (Framework) context.getBundle(0);
        this.hook = new Thread(() -> stop(framework), "nexo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is stopping the framework
        }
    }

    private static void stop(Framework framework) {
        if ((framework.getState() & (Framework.ACTIVE | Framework.STARTING)) == 0) {
            return;
        }
        LOG.info("shutdown requested: stopping the container");
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
            System.out.flush();
        } catch (BundleException e) {
            LOG.error("the framework refused to stop: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
