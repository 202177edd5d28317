package dev.nexo.plugin.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerTest {
    private static final String MANIFEST = "manifest_version = 2\n[plugin]\nid = \"demo\"\nversion = \"%s\"\n"
            + "[plugin.entrypoint]\ncommand = \"./run.sh\"\n";

    @TempDir
    Path tmp;

    private PluginInstaller installer() {
        return new PluginInstaller(tmp.resolve("plugins"), new ManifestParser("0.1.0", false));
    }

    /** name → content; content starting with "->" makes a symlink to the rest. */
    static byte[] tarGz(String... nameThenContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < nameThenContent.length; i += 2) {
                String content = nameThenContent[i + 1];
                TarArchiveEntry e;
                if (content.startsWith("->")) {
                    e = new TarArchiveEntry(nameThenContent[i], TarArchiveEntry.LF_SYMLINK, true);
                    e.setLinkName(content.substring(2));
                    tar.putArchiveEntry(e);
                } else {
                    byte[] data = content.getBytes(StandardCharsets.UTF_8);
                    e = new TarArchiveEntry(nameThenContent[i], true); // keep absolute names: tests need evil ones
                    e.setSize(data.length);
                    e.setMode(nameThenContent[i].endsWith(".sh") ? 0755 : 0644);
                    tar.putArchiveEntry(e);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private List<String> leftovers() throws IOException {
        Path dir = tmp.resolve("plugins");
        if (!Files.exists(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    @Test
    void installsVerifiesAndUpgrades() throws Exception {
        byte[] v1 = tarGz("demo/plugin.toml", MANIFEST.formatted("1.0.0"), "demo/run.sh", "#!/bin/sh\n");
        PluginInstaller.Result r = installer().install(new ByteArrayInputStream(v1), sha(v1), 1 << 20, id -> { });
        assertEquals("demo", r.manifest().id());
        assertTrue(Files.isExecutable(r.dir().resolve("run.sh")));
        assertFalse(r.replaced());
        byte[] v2 = tarGz("plugin.toml", MANIFEST.formatted("1.1.0"), "run.sh", "#!/bin/sh\n");
        List<String> stopped = new ArrayList<>();
        r = installer().install(new ByteArrayInputStream(v2), sha(v2).toUpperCase(), 1 << 20, stopped::add);
        assertTrue(r.replaced());
        assertEquals(List.of("demo"), stopped, "the running version is stopped before the swap");
        assertEquals("1.1.0", installer().ledger().path("plugins").get(0).path("version").asText());
        assertEquals(List.of("demo", "ledger.json"), leftovers().stream().sorted().toList());
        assertTrue(installer().remove("demo"));
        assertEquals(List.of("ledger.json"), leftovers());
    }

    @Test
    void wrongChecksumOrMissingChecksumInstallsNothing() throws Exception {
        byte[] good = tarGz("plugin.toml", MANIFEST.formatted("1.0.0"));
        InstallException e = assertThrows(InstallException.class,
                () -> installer().install(new ByteArrayInputStream(good), "0".repeat(64), 1 << 20, id -> { }));
        assertEquals("checksum_mismatch", e.code());
        assertEquals("missing_checksum", assertThrows(InstallException.class,
                () -> installer().install(new ByteArrayInputStream(good), null, 1 << 20, id -> { })).code());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void escapingEntriesAreRefusedAndLeaveNothingBehind() throws Exception {
        for (byte[] evil : List.of(
                tarGz("plugin.toml", MANIFEST.formatted("1.0.0"), "../escaped.txt", "x"),
                tarGz("plugin.toml", MANIFEST.formatted("1.0.0"), "/tmp/abs.txt", "x"),
                tarGz("plugin.toml", MANIFEST.formatted("1.0.0"), "link", "->../../outside"),
                tarGz("plugin.toml", MANIFEST.formatted("1.0.0"), "link", "->/etc/passwd"))) {
            InstallException e = assertThrows(InstallException.class,
                    () -> installer().install(new ByteArrayInputStream(evil), sha(evil), 1 << 20, id -> { }));
            assertEquals("unsafe_archive", e.code(), e.getMessage());
        }
        assertEquals(List.of(), leftovers().stream().filter(n -> !n.equals("plugins")).toList());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
    }

    @Test
    void brokenManifestAndOversizedUploadsAreRefused() throws Exception {
        byte[] bad = tarGz("plugin.toml", "manifest_version = 2\n[plugin]\nid = \"core\"\n");
        InstallException e = assertThrows(InstallException.class,
                () -> installer().install(new ByteArrayInputStream(bad), sha(bad), 1 << 20, id -> { }));
        assertEquals("invalid_plugin", e.code());
        assertTrue(String.join(";", e.problems()).contains("reserved"), e.problems().toString());
        byte[] big = tarGz("plugin.toml", MANIFEST.formatted("1.0.0"), "blob", "x".repeat(5000));
        assertEquals("payload_too_large", assertThrows(InstallException.class,
                () -> installer().install(new ByteArrayInputStream(big), sha(big), 100, id -> { })).code());
        assertEquals(List.of(), leftovers());
    }
}
