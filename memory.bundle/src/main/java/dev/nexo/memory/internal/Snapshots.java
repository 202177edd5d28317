package dev.nexo.memory.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryScope;

/**
 * Sealed per-scope snapshots: {@code <root>/<tenant>/<agent>/<timestamp>[-label].jsonl} (records
 * with their vectors) beside a {@code .sha256} file. Restore verifies the checksum and the scope of
 * every line before it changes anything, takes an automatic pre-restore snapshot, then replaces
 * the scope's memories in one transaction.
 */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SqliteMemoryStore store;
    private final Path root;
    private final Clock clock;

    /** What a restore did. */
    record RestoreReport(Path restored, Path preSnapshot, long records) {
    }

    Snapshots(SqliteMemoryStore store, Path root, Clock clock) {
        this.store = store;
        this.root = root;
        this.clock = clock;
    }

    Path dir(MemoryScope scope) {
        return root.resolve(scope.tenantId()).resolve(scope.agentId());
    }

    /** @return the new snapshot file */
    Path create(MemoryScope scope, String label) {
        String name = STAMP.format(clock.instant()) + (label == null || label.isBlank() ? "" : "-" + safe(label));
        Path file = dir(scope).resolve(name + ".jsonl");
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                store.exportEntries(scope, e -> {
                    try {
                        w.write(Jsonl.write(e.record(), e.vector()));
                        w.write('\n');
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }).toCompletableFuture().join();
            }
            Files.writeString(checksumFile(file), sha256(file) + "  " + file.getFileName() + "\n");
        } catch (IOException | UncheckedIOException e) {
            throw new MemoryException(MemoryErrorCode.WRITE_FAILED, "snapshot of " + scope + " failed: " + e.getMessage(), e);
        }
        LOG.info("memory snapshot of {} written: {}", scope, file.getFileName());
        return file;
    }

    /** @return the scope's snapshots, newest first */
    List<Path> list(MemoryScope scope) throws IOException {
        Path d = dir(scope);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jsonl")).toList());
            out.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
            return out;
        }
    }

    /**
     * @param scope the scope to restore into; every line of the snapshot must belong to it
     * @param file the snapshot
     * @param preSnapshot whether to snapshot the current state first (default on)
     */
    RestoreReport restore(MemoryScope scope, Path file, boolean preSnapshot) throws IOException {
        String expected = Files.readString(checksumFile(file)).trim().split("\\s+")[0];
        if (!expected.equals(sha256(file))) {
            throw new MemoryException(MemoryErrorCode.WRITE_FAILED, "snapshot " + file.getFileName()
                    + " does not match its checksum; nothing was changed", null);
        }
        List<SqliteMemoryStore.Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                SqliteMemoryStore.Entry e = Jsonl.read(line);
                if (!e.record().scope().equals(scope)) {
                    throw new MemoryException(MemoryErrorCode.SCOPE_VIOLATION, "snapshot " + file.getFileName()
                            + " holds memories of " + e.record().scope() + ", not " + scope + "; nothing was changed", null);
                }
                entries.add(e);
            }
        }
        Path pre = preSnapshot ? create(scope, "pre-restore") : null;
        long n = store.replaceScope(scope, entries).toCompletableFuture().join();
        LOG.info("memory of {} restored from {} ({} records; pre-restore snapshot {})", scope, file.getFileName(), n,
                pre == null ? "skipped" : pre.getFileName());
        return new RestoreReport(file, pre, n);
    }

    static Path checksumFile(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".sha256");
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String safe(String label) {
        return label.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
