package dev.nexo.memory.embed.minilm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * When the model loads: not while the container is still starting (it would take CPU from the
 * start), but once the framework has started, at once on a hot install, and at once when an
 * embedding is asked for early. The framework is a hand-made stand-in: only the system bundle's
 * state and the framework listeners matter here.
 */
class DeferredLoadTest {
    @TempDir
    Path state;

    final List<FrameworkListener> listeners = new CopyOnWriteArrayList<>();
    Bundle system;

    BundleContext framework(int systemBundleState) {
        system = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getState" -> systemBundleState;
                    case "getBundleId" -> 0L;
                    case "getLastModified" -> 1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> "nexo.state.root".equals(a[0]) ? state.toString() : null;
                    case "getBundle" -> system;
                    case "addFrameworkListener" -> listeners.add((FrameworkListener) a[0]);
                    case "removeFrameworkListener" -> listeners.remove(a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    void fire(int type) {
        for (FrameworkListener l : listeners) {
            l.frameworkEvent(new FrameworkEvent(type, system, null));
        }
    }

    @Test
    void aContainerThatIsStillStartingGetsItsCpuFirst() {
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.STARTING));
        try {
            assertFalse(e.loadStarted(), "no load while the framework starts");
            fire(FrameworkEvent.STARTLEVEL_CHANGED);
            assertFalse(e.loadStarted(), "only the framework's STARTED event starts it");
            fire(FrameworkEvent.STARTED);
            assertTrue(e.loadStarted());
            assertEquals(384, e.embed(List.of("hello")).toCompletableFuture().join().get(0).length);
        } finally {
            e.close();
        }
        assertTrue(listeners.isEmpty(), "the listener goes with the component");
    }

    @Test
    void aHotInstallLoadsAtOnce() {
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.ACTIVE));
        try {
            assertTrue(e.loadStarted());
        } finally {
            e.close();
        }
    }

    @Test
    void anEmbeddingAskedForDuringTheStartLoadsTheModelThen() {
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.STARTING));
        try {
            assertEquals(1, e.embed(List.of("early")).toCompletableFuture().join().size());
            assertTrue(e.loadStarted());
        } finally {
            e.close();
        }
    }
}
