package dev.nexo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class NexoCliTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = NexoCli.commandLine(env::get);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String LLM = "providers:\n  openai:\n    api_key: ${OPENAI_API_KEY}\n";
    private static final String AGENT = "agents:\n  - id: ana\n    model: { provider: openai, model: gpt-4o }\n";

    @Test
    void cleanConfigExitsZero() throws IOException {
        write("llm.yaml", LLM);
        write("agents.yaml", AGENT);

        assertEquals(0, run(Map.of("OPENAI_API_KEY", "sk-x"), "check-config", dir.toString()));
        assertTrue(out.toString().contains("config OK"), out.toString());
        assertFalse(out.toString().contains("sk-x"));
    }

    @Test
    void errorsExitOneAndAreListedAsFileLineColumn() throws IOException {
        write("llm.yaml", LLM);
        write("agents.yaml", "agents:\n  - id: ana\n    model: { provider: openai, model: gpt-4o }\n    modl: x\n");

        assertEquals(1, run("check-config", dir.toString()));
        assertTrue(out.toString().contains("llm.yaml:3:14: env var OPENAI_API_KEY not set (referenced in llm.yaml)"),
                out.toString());
        assertTrue(out.toString().contains("agents.yaml:4:5: unknown field `modl`"), out.toString());
    }

    @Test
    void warningsOnlyExitTwoOrOneUnderStrict() throws IOException {
        write("agents.yaml", AGENT); // provider openai is not in llm.yaml: a warning

        assertEquals(2, run("check-config", dir.toString()));
        assertTrue(out.toString().contains("agents.yaml:3:12: warning: agent `ana` uses provider `openai`"),
                out.toString());
        assertEquals(1, run("check-config", "--strict", dir.toString()));
    }

    @Test
    void missingDirIsAnError() {
        assertEquals(1, run("check-config", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("is not a directory"));
    }

    @Test
    void printKeyReadsTheStateRootFromOptionOrNexoHome() throws IOException {
        write("connection.key", "nxk_secret\n");

        assertEquals(0, run("print-key", "--state", dir.toString()));
        assertEquals("nxk_secret", out.toString().strip());

        out.getBuffer().setLength(0);
        assertEquals(0, run(Map.of("NEXO_HOME", dir.toString()), "--print-key"));
        assertEquals("nxk_secret", out.toString().strip());
    }

    @Test
    void printKeyWithoutAKeyFailsClearly() {
        assertEquals(1, run("--print-key", "--state", dir.toString()));
        assertTrue(err.toString().contains("no connection key at " + dir.resolve("connection.key")), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void versionAndUsageErrors() {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("nexo-cli 0."), out.toString());
        assertEquals(NexoCli.USAGE, run("check-config"));
        assertEquals(NexoCli.USAGE, run());
    }
}
