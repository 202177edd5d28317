package dev.nexo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PluginConformanceCommandTest {
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = NexoCli.commandLine(Map.<String, String>of()::get);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void theExamplePluginsPassThroughTheCli() {
        assertEquals(0, run("plugin", "conformance", Path.of("..", "examples", "plugins", "python-echo").toString()),
                out.toString());
        assertTrue(out.toString().contains("PASS  handshake.initialize"), out.toString());
        assertEquals(0, run("plugin", "conformance", "--json", Path.of("..", "examples", "plugins", "node-echo").toString()),
                out.toString());
    }

    @Test
    void aBrokenManifestFailsWithExitOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plugin.toml"), "[plugin]\nid = \"Bad Id\"\n");
        assertEquals(1, run("plugin", "conformance", dir.toString()));
        assertTrue(out.toString().contains("FAIL  manifest.valid"), out.toString());
    }

    @Test
    void packingADirectoryKeepsTheExecutableBit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plugin.toml"), "x");
        Path run = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        run.toFile().setExecutable(true);
        byte[] a = PluginCommand.pack(dir);
        assertEquals(64, PluginCommand.sha256(a).length());
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(new java.io.ByteArrayInputStream(a)))) {
            java.util.Map<String, Integer> modes = new java.util.HashMap<>();
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                modes.put(e.getName(), e.getMode() & 0777);
            }
            assertEquals(0755, modes.get("run.sh"));
            assertEquals(0644, modes.get("plugin.toml"));
        }
    }
}
