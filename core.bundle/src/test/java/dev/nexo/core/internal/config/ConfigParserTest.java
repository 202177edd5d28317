package dev.nexo.core.internal.config;

import static dev.nexo.core.internal.config.Fixtures.load;
import static dev.nexo.core.internal.config.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    @TempDir
    Path dir;

    @Test
    void noConfigDirIsAValidEmptyConfigWithDefaults() {
        LoadResult result = load(null);

        assertTrue(result.ok(), result.errors().toString());
        assertTrue(result.warnings().isEmpty());
        assertEquals(List.of(), result.config().agents());
        assertEquals("local", result.config().section(FileKind.BROKER, "broker").get("type"));
        assertEquals(500L, result.config().section(FileKind.RUNTIME, "reload").get("debounce_ms"));
    }

    @Test
    void emptyDirAndCommentOnlyFilesAreValid() {
        write(dir, "agents.yaml", "# nothing yet\n");

        LoadResult result = load(dir);

        assertTrue(result.ok(), result.errors().toString());
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    @Test
    void typoedFieldFailsWithFileLineColumnAndSuggestion() {
        write(dir, "agents.yaml", """
                agents:
                  - id: ana
                    description: x
                    modl:
                      provider: anthropic
                      model: claude
                """);

        LoadResult result = load(dir);

        ConfigProblem unknown = result.errors().stream()
                .filter(p -> p.message().startsWith("unknown field `modl`")).findFirst().orElseThrow();
        assertEquals(new Location("agents.yaml", 4, 5), unknown.location());
        assertEquals("agents[0].modl", unknown.field());
        assertTrue(unknown.message().contains("did you mean `model`?"), unknown.message());
        assertTrue(unknown.format().startsWith("agents.yaml:4:5: unknown field `modl`"), unknown.format());
        assertTrue(result.errors().stream().anyMatch(p -> p.message().startsWith("missing field `model`")));
    }

    @Test
    void typeAndEnumErrorsNameFieldAndLine() {
        write(dir, "agents.d/ops.yaml", """
                agents:
                  - id: ops
                    model: { provider: openai, model: gpt-4o }
                    config:
                      queue_cap: lots
                """);
        write(dir, "broker.yaml", "broker:\n  type: kafka\n");

        LoadResult result = load(dir);

        assertEquals(2, result.errors().size(), result.errors().toString());
        assertEquals("agents.d/ops.yaml:5:18", result.errors().get(0).location().toString());
        assertTrue(result.errors().get(0).message().contains("expected an integer"));
        assertEquals("broker.yaml:2:9", result.errors().get(1).location().toString());
        assertTrue(result.errors().get(1).message().contains("one of local, nats"));
    }

    @Test
    void yamlSyntaxErrorCarriesLine() {
        write(dir, "llm.yaml", "providers:\n  openai: [unclosed\n");

        LoadResult result = load(dir);

        assertEquals(1, result.errors().size());
        assertEquals("llm.yaml", result.errors().get(0).location().file());
        assertTrue(result.errors().get(0).location().line() >= 2);
        assertTrue(result.errors().get(0).message().startsWith("YAML syntax error"));
    }

    @Test
    void dropInsAppendInLexicographicOrderAndTemplatesAreSkipped() {
        write(dir, "agents.yaml", agent("base"));
        write(dir, "agents.d/10-prod.yaml", agent("prod"));
        write(dir, "agents.d/00-dev.yaml", agent("dev"));
        write(dir, "agents.d/20-x.example.yaml", agent("template"));
        write(dir, "agents.d/notes.txt", "not yaml");

        LoadResult result = load(dir);

        assertTrue(result.ok(), result.errors().toString());
        assertEquals(List.of("base", "dev", "prod"),
                result.config().agents().stream().map(a -> a.get("id")).toList());
        assertEquals("agents.d/00-dev.yaml", result.config().locationOf(result.config().agents().get(1)).file());
    }

    @Test
    void duplicateIdsAndBindingsAreErrorsUnknownProviderIsAWarning() {
        write(dir, "agents.yaml", """
                agents:
                  - id: ana
                    model: { provider: nowhere, model: m }
                    inbound_bindings:
                      - plugin: telegram
                      - plugin: telegram
                """);
        write(dir, "agents.d/a.yaml", agent("ana"));

        LoadResult result = load(dir);

        assertEquals(2, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().startsWith("duplicate binding"));
        assertEquals("agents.yaml:6:9", result.errors().get(0).location().toString());
        assertTrue(result.errors().get(1).message().startsWith("duplicate agent id `ana`"));
        assertEquals("agents.d/a.yaml", result.errors().get(1).location().file());
        assertTrue(result.warnings().stream().anyMatch(w -> w.message().contains("provider `nowhere`")));
    }

    @Test
    void fullExampleLoadsCleanly(@TempDir Path tmp) {
        Path full = Fixtures.copy("full", tmp);

        LoadResult result = load(full);

        assertTrue(result.ok(), result.errors().toString());
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        assertEquals(List.of("ana", "ops"), result.config().agents().stream().map(a -> a.get("id")).toList());
        Map<String, Object> ana = result.config().agents().get(0);
        assertEquals(64L, SemanticChecks.map(ana.get("config")).get("queue_cap"));
        assertEquals(2000L, SemanticChecks.map(ana.get("config")).get("debounce_ms"), "default filled in");
    }

    static String agent(String id) {
        return "agents:\n  - id: " + id + "\n    model: { provider: openai, model: gpt-4o }\n";
    }
}
