package dev.nexo.plugin.host.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
    @TempDir
    Path dir;
    private final ManifestParser parser = new ManifestParser("0.1.0", false);

    private Path write(String file, String toml) throws IOException {
        Files.writeString(dir.resolve(file), toml);
        return dir;
    }

    private static final String GOOD = """
            manifest_version = 2
            [plugin]
            id = "slack"
            version = "0.2.0"
            name = "Slack Channel"
            description = "Talks to Slack."
            min_nexo_version = ">=0.1.0"
            [plugin.entrypoint]
            command = "./bin/slack"
            args = ["--stdio"]
            env = { RUST_LOG = "info" }
            [[plugin.channels.register]]
            kind = "slack"
            [plugin.extends]
            channels = ["slack"]
            tools = ["slack_post", "ext_slack_search"]
            [plugin.requires]
            bins = ["sh"]
            env = ["SLACK_TOKEN"]
            [plugin.sandbox]
            enabled = true
            fs_read_paths = ["/etc/ssl/certs"]
            fs_write_paths = ["${state_dir}", "${state_dir}/cache"]
            [plugin.supervisor]
            respawn = true
            max_attempts = 4
            stderr_tail_lines = 9999
            """;

    @Test
    void parsesACompleteV2Manifest() throws Exception {
        PluginManifest m = parser.parse(write("plugin.toml", GOOD));
        assertEquals("slack", m.id());
        assertEquals("slack-0.2.0", m.label());
        assertEquals(2, m.manifestVersion());
        assertEquals("./bin/slack", m.entrypoint().command());
        assertEquals(List.of("--stdio"), m.entrypoint().args());
        assertEquals(List.of("slack"), m.channelKinds());
        assertEquals(List.of("slack_post", "ext_slack_search"), m.extensions().tools());
        assertEquals(List.of("SLACK_TOKEN"), m.requires().env());
        assertTrue(m.sandbox().enabled());
        assertEquals(List.of("${state_dir}", "${state_dir}/cache"), m.sandbox().writePaths());
        assertTrue(m.supervisor().respawn());
        assertEquals(512, m.supervisor().stderrTailLines(), "capped");
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("capped")));
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        write("plugin.toml", """
                manifest_version = 2
                [plugin]
                id = "telegram"
                version = "one"
                [plugin.entrypoint]
                command = "./x"
                env = { NEXO_SECRET = "x" }
                [plugin.extends]
                channels = ["a", "a"]
                hooks = ["B"]
                gadgets = ["x"]
                tools = ["other_tool"]
                [plugin.sandbox]
                enabled = true
                network = "host"
                fs_read_paths = ["/etc", "relative/path", "/proc/kcore"]
                fs_write_paths = ["/tmp/${state_dir}"]
                """);
        ManifestException e = assertThrows(ManifestException.class, () -> parser.parse(dir));
        String all = String.join("\n", e.problems());
        for (String expected : List.of("reserved", "not semver", "NEXO_SECRET", "lists 'a' twice", "'B' must match",
                "unknown list 'gadgets'", "other_tool", "network = \"host\"", "'/etc' touches the denylisted /etc/shadow",
                "'relative/path' must be an absolute path", "denylisted /proc/kcore", "only a leading ${state_dir}")) {
            assertTrue(all.contains(expected), "missing: " + expected + "\n" + all);
        }
    }

    @Test
    void shadowIsRejectedAndHostNetworkNeedsPermission() throws Exception {
        write("plugin.toml", GOOD.replace("/etc/ssl/certs", "/etc/shadow"));
        assertThrows(ManifestException.class, () -> parser.parse(dir));
        write("plugin.toml", GOOD.replace("enabled = true", "enabled = true\nnetwork = \"host\""));
        assertThrows(ManifestException.class, () -> parser.parse(dir));
        assertTrue(new ManifestParser("0.1.0", true).parse(dir).sandbox().hostNetwork());
    }

    @Test
    void translatesV1WithADeprecationWarning() throws Exception {
        PluginManifest m = parser.parse(write("nexo-plugin.toml", """
                [plugin]
                id = "echo"
                version = "0.0.1"
                min_agent_version = ">=0.0.1"
                priority = 3
                [capabilities]
                tools = ["echo_it"]
                [transport]
                kind = "stdio"
                command = "./echo.py"
                [mcp_servers]
                x = 1
                """));
        assertEquals(1, m.manifestVersion());
        assertEquals("./echo.py", m.entrypoint().command());
        assertEquals(">=0.0.1", m.minNexoVersion());
        String w = String.join("\n", m.warnings());
        assertTrue(w.contains("deprecated") && w.contains("priority") && w.contains("mcp_servers")
                && w.contains("capabilities.tools"), w);
    }

    @Test
    void canonicalFileWinsAndBadTomlOrVersionIsClear() throws Exception {
        write("nexo-plugin.toml", GOOD.replace("slack", "old"));
        write("plugin.toml", GOOD);
        PluginManifest m = parser.parse(dir);
        assertEquals("slack", m.id());
        assertTrue(m.warnings().stream().anyMatch(x -> x.contains("both")));
        write("plugin.toml", "[plugin\nid=");
        assertTrue(assertThrows(ManifestException.class, () -> parser.parse(dir)).getMessage().contains("not valid TOML"));
        write("plugin.toml", GOOD.replace("manifest_version = 2", "manifest_version = 7"));
        assertTrue(assertThrows(ManifestException.class, () -> parser.parse(dir)).getMessage().contains("1 or 2"));
        write("plugin.toml", GOOD.replace(">=0.1.0", ">=9.0.0"));
        assertTrue(assertThrows(ManifestException.class, () -> parser.parse(dir)).getMessage().contains("needs Nexo"));
    }

    @Test
    void semverRequirements() {
        assertTrue(Semver.satisfies("0.1.0", ">=0.1.0, <1.0.0"));
        assertFalse(Semver.satisfies("1.0.0", ">=0.1.0, <1.0.0"));
        assertTrue(Semver.satisfies("1.4.2", "^1.2.0"));
        assertFalse(Semver.satisfies("2.0.0", "^1.2.0"));
        assertFalse(Semver.satisfies("0.3.0", "^0.2.0"));
        assertTrue(Semver.satisfies("0.2.9", "~0.2.1"));
        assertTrue(Semver.compare("1.0.0-rc.1", "1.0.0") < 0);
        assertThrows(IllegalArgumentException.class, () -> Semver.satisfies("1.0.0", ">=one"));
    }

    @Test
    void denylistContainment() {
        assertEquals("/etc/shadow", Sandboxes.touchesDenylist("/etc"));
        assertEquals("/etc/shadow", Sandboxes.touchesDenylist("/"));
        assertEquals("/etc/sudoers.d", Sandboxes.touchesDenylist("/etc/sudoers.d/x"));
        assertEquals(null, Sandboxes.touchesDenylist("/etc/ssl/certs"));
        assertEquals(null, Sandboxes.touchesDenylist("/etc/shadowy"));
    }
}
