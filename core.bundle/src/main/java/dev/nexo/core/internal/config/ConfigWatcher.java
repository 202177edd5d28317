package dev.nexo.core.internal.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config dir, {@code agents.d/} and {@code plugins/} on one named daemon thread and
 * calls back once changes have been quiet for the debounce window. A burst of saves (editors
 * write, rename and touch) therefore causes one reload.
 */
final class ConfigWatcher implements AutoCloseable {
    static final String THREAD_NAME = "nexo-config-watcher";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final Set<String> SUBDIRS = Set.of(ConfigParser.AGENTS_D, "plugins");

    private final Path dir;
    private final LongSupplier debounceMillis;
    private final Runnable onChange;
    private WatchService watchService;
    private Thread thread;

    ConfigWatcher(Path dir, LongSupplier debounceMillis, Runnable onChange) {
        this.dir = dir;
        this.debounceMillis = debounceMillis;
        this.onChange = onChange;
    }

    synchronized void start() throws IOException {
        watchService = dir.getFileSystem().newWatchService();
        register(dir);
        for (String sub : SUBDIRS) {
            if (Files.isDirectory(dir.resolve(sub))) {
                register(dir.resolve(sub));
            }
        }
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (true) {
                drain(watchService.take());
                WatchKey next;
                while ((next = watchService.poll(debounceMillis.getAsLong(), TimeUnit.MILLISECONDS)) != null) {
                    drain(next);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("config reload failed; still watching", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("config watcher stopped");
        }
    }

    private void drain(WatchKey key) {
        Path watched = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == ENTRY_CREATE && watched.equals(dir)
                    && SUBDIRS.contains(event.context().toString())
                    && Files.isDirectory(dir.resolve((Path) event.context()))) {
                try {
                    register(dir.resolve((Path) event.context()));
                } catch (IOException e) {
                    LOG.warn("cannot watch {}", event.context(), e);
                }
            }
        }
        key.reset();
    }

    private void register(Path path) throws IOException {
        path.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE, OVERFLOW);
    }

    /** Stops the thread and waits for it, so a deactivated component leaves no thread behind. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
