package dev.nexo.core.internal.config;

import static dev.nexo.core.internal.config.Fixtures.env;
import static dev.nexo.core.internal.config.Fixtures.load;
import static dev.nexo.core.internal.config.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.core.internal.config.Placeholders.PlaceholderException;

class PlaceholdersTest {
    @TempDir
    Path dir;

    private String resolve(String text, String... env) throws PlaceholderException {
        return new Placeholders(dir, env(env)).resolve(text, "llm.yaml");
    }

    @Test
    void envVariableResolvesAndUnsetOrEmptyFailsNamingTheVariable() throws Exception {
        assertEquals("k-1", resolve("${KEY}", "KEY", "k-1"));
        assertEquals("Bearer k-1!", resolve("Bearer ${KEY}!", "KEY", "k-1"));

        PlaceholderException unset = assertThrows(PlaceholderException.class, () -> resolve("${KEY}"));
        assertEquals("env var KEY not set (referenced in llm.yaml)", unset.getMessage());
        assertThrows(PlaceholderException.class, () -> resolve("${KEY}", "KEY", ""));
    }

    @Test
    void colonDashFallsBackWhenUnsetOrEmpty() throws Exception {
        assertEquals("x", resolve("${VAR:-x}"));
        assertEquals("x", resolve("${VAR:-x}", "VAR", ""));
        assertEquals("set", resolve("${VAR:-x}", "VAR", "set"));
        assertEquals("", resolve("${VAR:-}"));
        assertEquals("a-b", resolve("${VAR:-a-b}"));
    }

    @Test
    void dashFallsBackOnlyWhenUnset() throws Exception {
        assertEquals("x", resolve("${VAR-x}"));
        assertEquals("", resolve("${VAR-x}", "VAR", ""));
    }

    @Test
    void escapesAndMalformedPlaceholders() throws Exception {
        assertEquals("${HOME}", resolve("$${HOME}"));
        assertThrows(PlaceholderException.class, () -> resolve("${1BAD}"));
        assertThrows(PlaceholderException.class, () -> resolve("${OPEN"));
    }

    @Test
    void fileInsideTheConfigDirIsReadAndTrimmed() throws Exception {
        write(dir, "secret.txt", "  s3cr3t\n");
        write(dir, "secrets/deep/key.txt", "k");

        assertEquals("s3cr3t", resolve("${file:secret.txt}"));
        assertEquals("k", resolve("${file:./secrets/deep/key.txt}"));
        assertEquals("s3cr3t", resolve("${file:" + dir.resolve("secret.txt") + "}"));
    }

    @Test
    void dotDotIsRefusedNamingThePathAndRoots() {
        PlaceholderException e = assertThrows(PlaceholderException.class,
                () -> resolve("${file:../../etc/passwd}"));

        assertTrue(e.getMessage().startsWith("${file:../../etc/passwd}: `..` not allowed"), e.getMessage());
        assertTrue(e.getMessage().contains("/run/secrets/, /var/run/secrets/"), e.getMessage());
        assertThrows(PlaceholderException.class, () -> resolve("${file:secrets/../secret.txt}"));
    }

    @Test
    void absolutePathOutsideAllowedRootsIsRefused() {
        PlaceholderException e = assertThrows(PlaceholderException.class, () -> resolve("${file:/etc/passwd}"));

        assertTrue(e.getMessage().contains("absolute path outside the allowed roots"), e.getMessage());
    }

    @Test
    void symlinkLeavingTheConfigDirIsRefused(@TempDir Path outside) throws Exception {
        Path target = write(outside, "stolen.txt", "not yours");
        Files.createSymbolicLink(dir.resolve("link.txt"), target);

        PlaceholderException e = assertThrows(PlaceholderException.class, () -> resolve("${file:link.txt}"));

        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
        assertFalse(e.getMessage().contains("not yours"));
    }

    @Test
    void fileUnderAnAllowedSecretRootIsRead(@TempDir Path runSecrets) throws Exception {
        write(runSecrets, "db", "pw\n");
        Placeholders p = new Placeholders(dir, env(), List.of(runSecrets));

        assertEquals("pw", p.resolve("${file:" + runSecrets.resolve("db") + "}", "broker.yaml"));
    }

    @Test
    void placeholderValuesAreSecretsAndNeverAppearInErrorsOrTheView() {
        write(dir, "secret.txt", "topsecret");
        write(dir, "llm.yaml", """
                providers:
                  openai:
                    base_url: ${BASE:-http://localhost:1}
                    api_key: ${file:secret.txt}
                """);
        write(dir, "memory.yaml", "short_term:\n  max_history_turns: ${TURNS}\n");

        LoadResult result = load(dir, "TURNS", "hunter2");

        assertEquals(1, result.errors().size());
        ConfigProblem error = result.errors().get(0);
        assertEquals("memory.yaml:2:22", error.location().toString());
        assertFalse(error.toString().contains("hunter2"), error.toString());
        Map<String, Object> openai = SemanticChecks.map(result.config().section(FileKind.LLM, "providers").get("openai"));
        assertInstanceOf(Secret.class, openai.get("api_key"));
        assertEquals("topsecret", Secret.unwrap(openai.get("api_key")));
        assertFalse(openai.toString().contains("topsecret"));
        String view = Masker.view(result.config()).toString();
        assertFalse(view.contains("topsecret") || view.contains("localhost"), view);
    }

    @Test
    void placeholderInATypedFieldIsCoerced() {
        write(dir, "memory.yaml", "short_term:\n  max_history_turns: ${TURNS:-12}\n");

        LoadResult result = load(dir);

        assertTrue(result.ok(), result.errors().toString());
        assertEquals(12L, Secret.unwrap(result.config().section(FileKind.MEMORY, "short_term").get("max_history_turns")));
    }

    @Test
    void refusedFileReferenceInAConfigFileIsAnErrorWithLine() {
        write(dir, "broker.yaml", "broker:\n  auth:\n    nkey_file: ${file:../../etc/passwd}\n");

        LoadResult result = load(dir);

        assertEquals(1, result.errors().size());
        assertEquals("broker.yaml:3:16", result.errors().get(0).location().toString());
        assertTrue(result.errors().get(0).message().contains("`..` not allowed"));
    }
}
