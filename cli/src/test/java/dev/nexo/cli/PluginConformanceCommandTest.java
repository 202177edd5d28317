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
    void packingADirectoryGivesAStableChecksum(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plugin.toml"), "x");
        byte[] a = PluginCommand.pack(dir);
        assertTrue(a.length > 0);
        assertEquals(64, PluginCommand.sha256(a).length());
    }
}
