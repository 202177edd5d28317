package dev.nexo.plugin.host.internal.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugins pass the kit; a plugin that breaks the contract fails the right rules. */
class ConformanceKitTest {
    private final ConformanceKit kit = new ConformanceKit("0.1.0");

    private static String failures(List<ConformanceKit.Result> results) {
        return results.stream().filter(r -> !r.passed()).map(r -> r.rule() + ": " + r.detail()).toList().toString();
    }

    @Test
    void thePythonExamplePasses() {
        List<ConformanceKit.Result> r = kit.run(Path.of("..", "examples", "plugins", "python-echo"));
        assertTrue(r.stream().allMatch(ConformanceKit.Result::passed), failures(r));
        assertTrue(r.stream().anyMatch(x -> x.rule().equals("tool.answers:pyecho_echo")));
    }

    @Test
    void theNodeExamplePasses() {
        List<ConformanceKit.Result> r = kit.run(Path.of("..", "examples", "plugins", "node-echo"));
        assertTrue(r.stream().allMatch(ConformanceKit.Result::passed), failures(r));
        assertTrue(r.stream().anyMatch(x -> x.rule().equals("channel.start_stop:nodeecho")));
    }

    @Test
    void aSloppyPluginFailsTheRulesItBreaks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plugin.toml"), """
                manifest_version = 2
                [plugin]
                id = "sloppy"
                version = "0.1.0"
                [plugin.entrypoint]
                command = "./sloppy.sh"
                """);
        // prints a log line on stdout, answers everything with the same result, ignores shutdown
        Files.writeString(dir.resolve("sloppy.sh"), """
                #!/bin/sh
                echo "starting up"
                while read -r line; do
                  id=$(printf '%s' "$line" | sed -n 's/.*"id":\\([0-9]*\\).*/\\1/p')
                  [ -n "$id" ] && printf '{"jsonrpc":"2.0","id":%s,"result":{"manifest":{"plugin":{"id":"sloppy"}}}}\\n' "$id"
                done
                """);
        dir.resolve("sloppy.sh").toFile().setExecutable(true);
        List<ConformanceKit.Result> r = kit.run(dir);
        String failed = failures(r);
        for (String rule : List.of("rpc.unknown_method", "lifecycle.shutdown", "stdout.only_json_rpc", "probe.print_manifest")) {
            assertTrue(failed.contains(rule), rule + " should fail: " + failed);
        }
        assertFalse(failed.contains("handshake.initialize"), failed);
    }
}
