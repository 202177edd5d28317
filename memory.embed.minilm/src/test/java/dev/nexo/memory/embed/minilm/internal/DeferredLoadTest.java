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

    /** The framework's current start level. */
    int level;

    /**
     * A framework whose system bundle is in {@code systemBundleState} at start level {@link #level},
     * with one more bundle at start level 3 (as the distribution's HTTP stack). Felix marks the
     * system bundle ACTIVE before it raises the start level, and the bnd launcher raises it after
     * the STARTED event: ACTIVE at level 2 is a container still starting.
     */
    BundleContext framework(int systemBundleState, int startLevel) {
        level = startLevel;
        Class<?>[] fslType = {org.osgi.framework.startlevel.FrameworkStartLevel.class};
        Object fsl = Proxy.newProxyInstance(getClass().getClassLoader(), fslType, (p, m, a) -> {
            if (m.getName().equals("getStartLevel")) {
                return level;
            }
            throw new UnsupportedOperationException(m.getName());
        });
        system = bundle(systemBundleState, fsl, 0);
        Bundle http = bundle(Bundle.RESOLVED, null, 3);
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> "nexo.state.root".equals(a[0]) ? state.toString()
                            : "org.osgi.framework.startlevel.beginning".equals(a[0]) ? "5" : null;
                    case "getBundle" -> system;
                    case "getBundles" -> new Bundle[] {system, http};
                    case "addFrameworkListener" -> listeners.add((FrameworkListener) a[0]);
                    case "removeFrameworkListener" -> listeners.remove(a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A bundle at {@code startLevel}; the system bundle also adapts to {@code frameworkStartLevel}. */
    Bundle bundle(int state, Object frameworkStartLevel, int startLevel) {
        Object bsl = Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.osgi.framework.startlevel.BundleStartLevel.class}, (p, m, a) -> {
                    if (m.getName().equals("getStartLevel")) {
                        return startLevel;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getState" -> state;
                    case "getBundleId" -> 0L;
                    case "getLastModified" -> 1L;
                    case "adapt" -> a[0] == org.osgi.framework.startlevel.FrameworkStartLevel.class ? frameworkStartLevel : bsl;
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
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.ACTIVE, 2));
        try {
            assertFalse(e.loadStarted(), "no load while the framework raises its start level");
            fire(FrameworkEvent.STARTED);
            assertFalse(e.loadStarted(), "the bnd launcher's STARTED comes before it raises the level");
            level = 3;
            fire(FrameworkEvent.STARTLEVEL_CHANGED);
            assertTrue(e.loadStarted(), "every bundle's start level reached");
            assertEquals(384, e.embed(List.of("hello")).toCompletableFuture().join().get(0).length);
        } finally {
            e.close();
        }
        assertTrue(listeners.isEmpty(), "the listener goes with the component");
    }

    @Test
    void aHotInstallLoadsAtOnce() {
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.ACTIVE, 3));
        try {
            assertTrue(e.loadStarted());
        } finally {
            e.close();
        }
    }

    @Test
    void anEmbeddingAskedForDuringTheStartLoadsTheModelThen() {
        MiniLmEmbedder e = new MiniLmEmbedder(framework(Bundle.STARTING, 0));
        try {
            assertEquals(1, e.embed(List.of("early")).toCompletableFuture().join().size());
            assertTrue(e.loadStarted());
        } finally {
            e.close();
        }
    }
}
