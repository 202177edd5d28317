package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * A config dir that is invalid at start: the container boots and explains itself, but does not
 * call itself ready until a valid edit is applied.
 */
class InvalidConfigAtBootIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void notReadyUntilTheConfigIsFixed() throws Exception {
        NexoProcess.Launch launch = NexoProcess.launch("badboot").config("broker.yaml", "broker:\n  typo_field: 1\n");
        Path config = launch.configDir();
        try (NexoProcess nexo = launch.start()) {
            nexo.awaitHealthy(WAIT);
            Http admin = nexo.admin(WAIT);
            JsonNode status = Poll.until("the config errors to be reported", WAIT,
                    () -> admin.get("/admin/api/config"), r -> r.status() == 200).json();
            assertEquals("broker.yaml", status.path("errors").path(0).path("file").asText(), status::toPrettyString);
            assertEquals(2, status.path("errors").path(0).path("line").asInt(), status::toPrettyString);

            // everything else comes up, but /ready names the config as missing, and keeps doing so
            Reply ready = Poll.until("/ready to name only the config as missing", WAIT, () -> nexo.http().get("/ready"),
                    r -> r.status() == 503 && r.json().path("missing").toString().equals("[\"config\"]"));
            assertEquals("STARTING", ready.json().path("status").asText(), ready::toString);

            Path tmp = Files.writeString(config.resolve(".broker.yaml.tmp"), "broker:\n  type: local\n");
            Files.move(tmp, config.resolve("broker.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Reply fixed = Poll.until("/ready to answer 200 after the fix", WAIT, () -> nexo.http().get("/ready"),
                    r -> r.status() == 200);
            assertTrue(fixed.body().contains("READY"), fixed::toString);
        }
    }
}
