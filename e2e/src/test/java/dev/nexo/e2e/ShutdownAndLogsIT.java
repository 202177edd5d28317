package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * With JSON logging every line the process prints is one JSON object (the HTTP stack's own
 * messages included), and SIGTERM stops the container in order: components deactivate and say so,
 * and the process exits with 143.
 */
class ShutdownAndLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinesOnlyAndAnOrderlyStopOnSigterm() throws Exception {
        NexoProcess.Launch launch = NexoProcess.launch("shutdown").jvmArg("-Dnexo.log.format=json");
        Path log = launch.log();
        int exit;
        try (NexoProcess nexo = launch.start()) {
            nexo.awaitReady(Duration.ofSeconds(60));
            // right after /ready the local embedding model is loading: the bundles stop (the load
            // finishing first) before the JVM's exit, where ONNX Runtime's own hook frees its
            // native environment; the process then ends with SIGTERM's status, not the launcher's
            exit = nexo.terminate(Duration.ofSeconds(30));
        }
        assertEquals(143, exit, "exit status after SIGTERM");
        List<String> lines = Files.readAllLines(log);
        assertFalse(lines.isEmpty(), "the container logged nothing");
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertTrue(entry.isObject() && entry.has("level") && entry.has("msg"), "not a JSON log line: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("shutdown requested")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("stopped watching")), "the deploy watcher deactivated");
        assertFalse(String.join("\n", lines).contains(Files.readString(launch.stateRoot().resolve("connection.key")).trim()),
                "the connection-key never appears in the log");
    }
}
