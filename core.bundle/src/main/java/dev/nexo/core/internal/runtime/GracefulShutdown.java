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
 * JVM exit under them. The signals are handled before the JVM's exit begins ({@link SignalStop});
 * a shutdown hook covers every other way out. Bounded: a framework that does not stop in time is
 * left to the JVM.
 */
@Component(immediate = true, service = {})
public class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final long STOP_TIMEOUT_MS = 30_000;

    private final Thread hook;
    /** SIGTERM/SIGINT handlers that stop the framework before the JVM's exit begins, or null. */
    private final SignalStop signals;

    @Activate
    public GracefulShutdown(BundleContext context) {
        Framework framework = (Framework) context.getBundle(0);
        this.hook = new Thread(() -> stop(framework), "nexo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        this.signals = installSignalHandlers(() -> stopBundles(framework));
    }

    private static SignalStop installSignalHandlers(Runnable stop) {
        try {
            return SignalStop.install(stop);
        } catch (LinkageError e) {
            LOG.debug("no signal handlers ({}): the shutdown hook alone stops the framework", e.toString());
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        if (signals != null) {
            signals.uninstall();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is stopping the framework
        }
    }

    /**
     * Stops every bundle, in the order the framework's own stop would, by lowering the framework
     * to start level 1 (which holds no bundle) and waiting for it, bounded. The framework itself
     * stays up: the launcher, which exits with its own status code once the framework stops,
     * keeps waiting, and the process ends with the signal's status.
     */
    private static void stopBundles(Framework framework) {
        if ((framework.getState() & (Framework.ACTIVE | Framework.STARTING)) == 0) {
            return;
        }
        LOG.info("shutdown requested: stopping the container");
        java.util.concurrent.CountDownLatch lowered = new java.util.concurrent.CountDownLatch(1);
        try {
            framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(1,
                    e -> lowered.countDown());
            if (!lowered.await(STOP_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.error("the container did not stop within {} ms", STOP_TIMEOUT_MS);
            }
            System.out.flush();
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.error("cannot stop the bundles in order: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
