package dev.nexo.memory.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;

/**
 * Operator commands in the Gogo shell ({@code memory:<name>}): status, reindex, snapshots,
 * JSON-lines export/import and forget-by-sender. Each names the tenant and agent explicitly.
 */
@Component(service = MemoryCommands.class, property = {
    "osgi.command.scope=memory",
    "osgi.command.function=status",
    "osgi.command.function=reindex",
    "osgi.command.function=snapshot",
    "osgi.command.function=snapshots",
    "osgi.command.function=restore",
    "osgi.command.function=export",
    "osgi.command.function=import",
    "osgi.command.function=forgetsender"
})
public final class MemoryCommands {
    private final MemoryComponent memory;

    @Activate
    public MemoryCommands(@Reference MemoryComponent memory) {
        this.memory = memory;
    }

    /** {@code memory:status}: counters and any vector refusal. */
    public String status() {
        SqliteMemoryStore s = memory.engine();
        return s.stats() + s.refusal().map(r -> "\nvectors refused: " + r).orElse("");
    }

    /** {@code memory:reindex}: drop every stored vector and re-embed in the background (after a model change). */
    public String reindex() {
        return "dropped " + memory.engine().reindex().toCompletableFuture().join() + " vectors; re-embedding in the background";
    }

    /** {@code memory:snapshot <tenant> <agent> [label]} */
    public String snapshot(String tenant, String agent, String... label) {
        return memory.snapshots().create(new MemoryScope(tenant, agent), label.length > 0 ? label[0] : null).toString();
    }

    /** {@code memory:snapshots <tenant> <agent>}: newest first. */
    public List<String> snapshots(String tenant, String agent) throws IOException {
        List<String> out = new ArrayList<>();
        memory.snapshots().list(new MemoryScope(tenant, agent)).forEach(p -> out.add(p.toString()));
        return out;
    }

    /** {@code memory:restore <tenant> <agent> <snapshot file>}: verifies, snapshots the current state, replaces. */
    public String restore(String tenant, String agent, String file) throws IOException {
        Snapshots.RestoreReport r = memory.snapshots().restore(new MemoryScope(tenant, agent), Path.of(file), true);
        return "restored " + r.records() + " memories; pre-restore snapshot " + r.preSnapshot();
    }

    /** {@code memory:export <tenant> <agent> <file.jsonl>} */
    public String export(String tenant, String agent, String file) throws IOException {
        Path out = Path.of(file);
        long n;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            n = memory.exportRecords(new MemoryScope(tenant, agent), r -> {
                try {
                    w.write(Jsonl.write(r, null));
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toCompletableFuture().join();
        }
        return "exported " + n + " memories to " + out;
    }

    /** {@code memory:import <tenant> <agent> <file.jsonl>}: keeps ids and timestamps; existing ids are skipped. */
    public String _import(String tenant, String agent, String file) throws IOException {
        List<MemoryRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(Jsonl.read(line).record());
            }
        }
        return "imported " + memory.importRecords(new MemoryScope(tenant, agent), records).toCompletableFuture().join()
                + " memories";
    }

    /** {@code memory:forgetsender <tenant> <agent> <sender id>}: the right to be forgotten. */
    public String forgetsender(String tenant, String agent, String sender) {
        return "forgot " + memory.forgetBySender(new MemoryScope(tenant, agent), sender).toCompletableFuture().join()
                + " memories";
    }
}
