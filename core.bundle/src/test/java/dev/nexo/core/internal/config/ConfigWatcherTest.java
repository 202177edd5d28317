package dev.nexo.core.internal.config;

import static dev.nexo.core.internal.config.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    @TempDir
    Path dir;

    @Test
    void editInAgentsDTriggersAReloadOnTheNamedThreadAndCloseStopsIt() throws Exception {
        Files.createDirectories(dir.resolve("agents.d"));
        InMemoryTarget target = new InMemoryTarget();
        ConfigReloader reloader = new ConfigReloader(dir, new ConfigParser(Fixtures.env()), target, Clock.systemUTC());
        reloader.reload();
        CountDownLatch reloaded = new CountDownLatch(1);
        ConfigWatcher watcher = new ConfigWatcher(dir, () -> 10, () -> {
            if (reloader.reload().ok() && target.configs.containsKey("dev.nexo.agent~ana")) {
                reloaded.countDown();
            }
        });
        watcher.start();
        try {
            assertEquals(ConfigWatcher.THREAD_NAME, watcher.thread().getName());
            assertTrue(watcher.thread().isDaemon());

            write(dir, "agents.d/ana.yaml", ConfigParserTest.agent("ana"));

            assertTrue(reloaded.await(60, TimeUnit.SECONDS), "no reload after an edit");
        } finally {
            watcher.close();
        }
        assertFalse(watcher.thread().isAlive(), "watcher thread leaked");
    }

    @Test
    void closeWithoutEventsStopsTheThread() throws Exception {
        ConfigWatcher watcher = new ConfigWatcher(dir, () -> 10, () -> { });
        watcher.start();

        watcher.close();

        assertFalse(watcher.thread().isAlive());
    }
}
