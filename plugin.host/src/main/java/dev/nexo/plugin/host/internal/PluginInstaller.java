package dev.nexo.plugin.host.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.plugin.host.internal.manifest.ManifestException;
import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Installs plugin tarballs ({@code .tar.gz} with a {@code plugin.toml} at the top, or in a single
 * top-level directory): sha256 verified before anything is unpacked; entries with absolute paths,
 * {@code ..} segments, device files or links that leave the target refused; the manifest validated;
 * then an atomic move into {@code <state root>/plugins/<id>} (an existing version is replaced) and
 * a line in the install ledger. A refused install leaves nothing behind.
 */
final class PluginInstaller {
    static final String LEDGER = "ledger.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path installDir;
    private final ManifestParser parser;

    PluginInstaller(Path installDir, ManifestParser parser) {
        this.installDir = installDir;
        this.parser = parser;
    }

    /** What an install did. */
    record Result(PluginManifest manifest, Path dir, String sha256, long sizeBytes, boolean replaced) {
    }

    /**
     * @param tarball the archive stream (closed by the caller)
     * @param expectedSha256 64 hex characters
     * @param maxBytes the largest archive accepted
     * @param beforeReplace called with the plugin id before an existing installation is replaced
     */
    Result install(InputStream tarball, String expectedSha256, long maxBytes, java.util.function.Consumer<String> beforeReplace)
            throws InstallException {
        if (expectedSha256 == null || !expectedSha256.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw new InstallException("missing_checksum", "a sha256 of the tarball (64 hex characters) is required");
        }
        Path staging = null;
        Path archive = null;
        try {
            Files.createDirectories(installDir);
            archive = Files.createTempFile(installDir, ".upload-", ".tar.gz");
            String actual = copyHashed(tarball, archive, maxBytes);
            if (!actual.equals(expectedSha256.toLowerCase(Locale.ROOT))) {
                throw new InstallException("checksum_mismatch", "sha256 mismatch: expected " + expectedSha256
                        + ", the upload has " + actual);
            }
            staging = Files.createTempDirectory(installDir, ".staging-");
            extract(archive, staging);
            Path root = pluginRoot(staging);
            PluginManifest staged;
            try {
                staged = parser.parse(root);
            } catch (ManifestException e) {
                throw new InstallException("invalid_plugin", "the plugin's manifest is invalid", e.problems());
            }
            Path target = installDir.resolve(staged.id());
            boolean replaced = Files.exists(target);
            if (replaced) {
                beforeReplace.accept(staged.id());
                Path old = installDir.resolve(".old-" + staged.id() + "-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
            }
            PluginManifest m = parser.parse(target);
            long size = Files.size(archive);
            record(m, actual, size);
            return new Result(m, target, actual, size, replaced);
        } catch (IOException | ManifestException e) {
            throw new InstallException("install_failed", "install failed: " + e.getMessage());
        } finally {
            deleteQuietly(archive);
            deleteQuietly(staging);
        }
    }

    /** Removes an installed plugin's directory and ledger line. */
    boolean remove(String id) throws IOException {
        Path target = installDir.resolve(id).normalize();
        if (!target.getParent().equals(installDir.normalize()) || !Files.isDirectory(target)) {
            return false;
        }
        deleteTree(target);
        ObjectNode ledger = ledger();
        removeId(ledger.withArray("plugins"), id);
        writeLedger(ledger);
        return true;
    }

    private static String copyHashed(InputStream in, Path to, long maxBytes) throws IOException, InstallException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream din = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = din.read(buf)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new InstallException("payload_too_large", "the tarball is larger than " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static void extract(Path archive, Path into) throws IOException, InstallException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = safeTarget(into, e.getName());
                if (e.isSymbolicLink() || e.isLink()) {
                    Path linkTarget = e.isSymbolicLink() ? target.getParent().resolve(e.getLinkName()).normalize()
                            : safeTarget(into, e.getLinkName());
                    if (!linkTarget.startsWith(into) || Path.of(e.getLinkName()).isAbsolute()) {
                        throw new InstallException("unsafe_archive", "link " + e.getName() + " -> " + e.getLinkName()
                                + " points outside the plugin directory");
                    }
                    Files.createDirectories(target.getParent());
                    if (e.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else {
                        Files.createLink(target, linkTarget);
                    }
                } else if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(target, Set.of(PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
                    }
                } else {
                    throw new InstallException("unsafe_archive", "entry " + e.getName() + " is not a file, directory or link");
                }
            }
        }
    }

    private static Path safeTarget(Path into, String name) throws InstallException {
        if (name.startsWith("/") || name.contains("\\") || Path.of(name).isAbsolute()) {
            throw new InstallException("unsafe_archive", "entry " + name + " has an absolute path");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new InstallException("unsafe_archive", "entry " + name + " climbs out with '..'");
            }
        }
        Path target = into.resolve(name).normalize();
        if (!target.startsWith(into)) {
            throw new InstallException("unsafe_archive", "entry " + name + " lies outside the plugin directory");
        }
        return target;
    }

    private static Path pluginRoot(Path staging) throws IOException, InstallException {
        if (ManifestParser.manifestFile(staging).isPresent()) {
            return staging;
        }
        try (Stream<Path> list = Files.list(staging)) {
            List<Path> entries = list.toList();
            if (entries.size() == 1 && Files.isDirectory(entries.get(0))
                    && ManifestParser.manifestFile(entries.get(0)).isPresent()) {
                return entries.get(0);
            }
        }
        throw new InstallException("invalid_plugin", "the tarball has no " + ManifestParser.FILE
                + " at its top level (or in a single top-level directory)");
    }

    private void record(PluginManifest m, String sha256, long size) throws IOException {
        ObjectNode ledger = ledger();
        ArrayNode plugins = ledger.withArray("plugins");
        removeId(plugins, m.id());
        plugins.addObject().put("id", m.id()).put("version", m.version()).put("sha256", sha256)
                .put("size_bytes", size).put("installed_at", Instant.now().toString());
        writeLedger(ledger);
    }

    private static void removeId(ArrayNode list, String id) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).path("id").asText().equals(id)) {
                list.remove(i);
            }
        }
    }

    ObjectNode ledger() throws IOException {
        Path file = installDir.resolve(LEDGER);
        return Files.isRegularFile(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    private void writeLedger(ObjectNode ledger) throws IOException {
        Path tmp = installDir.resolve(LEDGER + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), ledger);
        Files.move(tmp, installDir.resolve(LEDGER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            deleteTree(p);
        } catch (IOException e) {
            // best effort: staging lives under a dot-directory the discovery ignores
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(x);
            }
        }
    }
}
