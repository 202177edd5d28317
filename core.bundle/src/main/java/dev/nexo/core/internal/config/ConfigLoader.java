package dev.nexo.core.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.core.internal.health.ReadinessCheck;

import dev.nexo.core.internal.runtime.NexoPaths;

/**
 * Turns the operator's YAML config dir into ConfigAdmin configurations at start, and again on
 * every change while running. The dir comes from {@code nexo.config.dir} /
 * {@code NEXO_CONFIG_DIR}; without one the container runs on defaults (zero-config).
 */
@Component(immediate = true, service = {ConfigService.class, ReadinessCheck.class})
public final class ConfigLoader implements ConfigService, ReadinessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final ConfigReloader reloader;
    private final Thread initialLoad;
    private ConfigWatcher watcher;
    private boolean closed;

    @Activate
    public ConfigLoader(@Reference ConfigurationAdmin cm, BundleContext context) {
        Path dir = NexoPaths.configDir(context::getProperty).orElse(null);
        if (dir == null) {
            LOG.warn("no config dir (set {} or NEXO_CONFIG_DIR) — booting with defaults for every file",
                    NexoPaths.CONFIG_DIR);
        }
        reloader = new ConfigReloader(dir, new ConfigParser(System::getenv), new CmConfigTarget(cm),
                Clock.systemUTC());
        // The first load runs beside the rest of the start-up (HTTP, JAX-RS) on the second core;
        // /ready waits for it through this component's ReadinessCheck.
        initialLoad = new Thread(() -> watchThenLoad(dir), "nexo-config-load");
        initialLoad.setDaemon(true);
        initialLoad.start();
    }

    /**
     * Watching starts before the first load, so an edit made meanwhile is not missed; it stops
     * again if the loaded runtime.yaml turns hot reload off.
     */
    private void watchThenLoad(Path dir) {
        synchronized (this) {
            if (!closed && dir != null && Files.isDirectory(dir)) {
                watcher = startWatcher(dir);
            }
        }
        reloader.reload();
        synchronized (this) {
            if (watcher != null && !reloader.watchEnabled()) {
                watcher.close();
                watcher = null;
                LOG.info("hot reload is off (runtime.yaml reload.enabled: false); use `nexo:config reload`");
            }
        }
    }

    private ConfigWatcher startWatcher(Path dir) {
        ConfigWatcher w = new ConfigWatcher(dir, reloader::debounceMillis, reloader::reload);
        try {
            w.start();
            LOG.info("watching {} for config changes", dir);
            return w;
        } catch (IOException e) {
            LOG.warn("cannot watch {}; hot reload is off (use `nexo:config reload`)", dir, e);
            return null;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        initialLoad.join(30_000);
        synchronized (this) {
            closed = true;
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    @Override
    public ConfigStatus status() {
        return reloader.status();
    }

    /** @return "config": not ready until a configuration has been applied (none while the YAML at start is invalid) */
    @Override
    public String name() {
        return "config";
    }

    @Override
    public boolean isReady() {
        return reloader.status().generation() > 0;
    }

    @Override
    public ConfigStatus reload() {
        return reloader.reload();
    }
}
