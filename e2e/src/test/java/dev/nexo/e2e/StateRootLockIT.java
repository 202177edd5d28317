package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Two containers must never share a state root (keys, databases, the deploy dir): the second
 * one says why and exits, and the first keeps running.
 */
class StateRootLockIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aSecondContainerOnTheSameStateRootExitsWithTheReason() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path run = Files.createTempDirectory(work, "lock-");
        Path logs = Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("nexo.dist.jar"));
        try (NexoProcess first = NexoProcess.start(jar, run.resolve("state"), logs.resolve("nexo-" + run.getFileName() + "-a.log"))) {
            first.awaitHealthy(WAIT);
            try (NexoProcess second = NexoProcess.start(jar, run.resolve("state"), logs.resolve("nexo-" + run.getFileName() + "-b.log"))) {
                int exit = second.awaitExit(WAIT);
                assertNotEquals(0, exit, "the locked-out container must exit with a failure status");
                String log = Files.readString(second.log());
                assertTrue(log.contains("is in use by another Nexo process"), log);
            }
            assertEquals(200, first.http().get("/health").status(), "the first container keeps running");
        }
    }
}
