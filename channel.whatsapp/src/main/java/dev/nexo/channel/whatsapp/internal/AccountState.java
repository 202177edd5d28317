package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one account remembers across restarts, in {@code <state root>/data/whatsapp/<instance>/}:
 * when each customer last wrote (the 24-hour customer-service window) and the ids of the last
 * processed webhook messages (Meta redelivers a webhook until it is acknowledged, so the same
 * message id may arrive more than once). Each accepted message appends one line to
 * {@code state.journal}; once the journal holds {@link #MAX_SEEN} lines it is folded into the
 * snapshot {@code state.json} (written to a temporary file, then moved) and truncated, so a message
 * costs one small append instead of rewriting the whole state. Thread-safe.
 */
final class AccountState {
    private static final Logger LOG = LoggerFactory.getLogger(AccountState.class);
    static final int MAX_SEEN = 2048;

    private final Path file;
    private final Path journalFile;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Instant> lastInbound = new LinkedHashMap<>();
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();
    private FileChannel journal;
    private int journalLines;
    /** After {@link #close()} the state still answers and remembers, but only in memory. */
    private boolean closed;

    AccountState(Path file, Clock clock, Duration window) {
        this.file = file;
        this.journalFile = file.resolveSibling("state.journal");
        this.clock = clock;
        this.window = window;
        load();
        replayJournal();
    }

    /** @return whether this message id was processed before */
    synchronized boolean seen(String messageId) {
        return seen.contains(messageId);
    }

    /** Records an accepted inbound message: its id, and the sender's window opening now or at {@code sentAt}. */
    synchronized void accepted(String messageId, String customer, Instant sentAt) {
        remember(messageId, customer, sentAt);
        if (closed) {
            return;
        }
        if (journalLines + 1 >= MAX_SEEN) {
            save();
            return;
        }
        ObjectNode line = GraphApi.JSON.createObjectNode().put("id", messageId).put("from", customer)
                .put("at", sentAt.toEpochMilli());
        try {
            if (journal == null) {
                Files.createDirectories(file.getParent());
                journal = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            journal.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            journalLines++;
        } catch (IOException e) {
            LOG.warn("could not append to WhatsApp state journal {}: {}", journalFile, e.toString());
        }
    }

    /** Folds the journal into the snapshot and releases the journal file. */
    synchronized void close() {
        if (journalLines > 0) {
            save();
        }
        closeJournal();
        closed = true;
    }

    private void remember(String messageId, String customer, Instant sentAt) {
        seen.remove(messageId);
        seen.add(messageId);
        for (Iterator<String> it = seen.iterator(); seen.size() > MAX_SEEN && it.hasNext();) {
            it.next();
            it.remove();
        }
        Instant previous = lastInbound.get(customer);
        if (previous == null || sentAt.isAfter(previous)) {
            lastInbound.put(customer, sentAt);
        }
    }

    private void replayJournal() {
        if (!Files.isRegularFile(journalFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(journalFile, StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = GraphApi.JSON.readTree(line);
                    remember(n.path("id").asText(), n.path("from").asText(), Instant.ofEpochMilli(n.path("at").asLong()));
                    journalLines++;
                } catch (IOException | RuntimeException torn) {
                    LOG.debug("skipping a torn WhatsApp state journal line");
                }
            }
        } catch (IOException e) {
            LOG.warn("ignoring unreadable WhatsApp state journal {}: {}", journalFile, e.toString());
        }
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.debug("closing the state journal failed: {}", e.toString());
            }
            journal = null;
        }
    }

    /** @return when the customer's window closes, if it is open now */
    synchronized Optional<Instant> windowClosesAt(String customer) {
        Instant last = lastInbound.get(customer);
        if (last == null) {
            return Optional.empty();
        }
        Instant closes = last.plus(window);
        return closes.isAfter(clock.instant()) ? Optional.of(closes) : Optional.empty();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = GraphApi.JSON.readTree(file.toFile());
            root.path("last_inbound").fields().forEachRemaining(
                    e -> lastInbound.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong())));
            root.path("seen").forEach(id -> seen.add(id.asText()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable WhatsApp state file {}: {}", file, e.toString());
        }
    }

    private void save() {
        ObjectNode root = GraphApi.JSON.createObjectNode();
        Instant horizon = clock.instant().minus(window);
        ObjectNode windows = root.putObject("last_inbound");
        lastInbound.entrySet().removeIf(e -> e.getValue().isBefore(horizon));
        lastInbound.forEach((k, v) -> windows.put(k, v.toEpochMilli()));
        seen.forEach(root.putArray("seen")::add);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            GraphApi.JSON.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // the snapshot now holds everything the journal did
            closeJournal();
            Files.deleteIfExists(journalFile);
            journalLines = 0;
        } catch (IOException e) {
            LOG.warn("could not write WhatsApp state file {}: {}", file, e.toString());
        }
    }
}
