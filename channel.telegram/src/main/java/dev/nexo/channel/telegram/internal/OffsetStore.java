package dev.nexo.channel.telegram.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bot's update offset (the next {@code update_id} to fetch), persisted in one small file written
 * atomically (temp file, then rename). It is advanced only after the broker accepted an update, so
 * a restart neither loses nor repeats updates. Also the webhook's duplicate filter: Telegram sends
 * webhook updates in order, so an id below the offset has been handled.
 */
final class OffsetStore {
    private final Path file;
    private long next;

    OffsetStore(Path file) {
        this.file = file;
        this.next = read(file);
    }

    private static long read(Path file) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()) : 0L;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable telegram offset file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the next update id to fetch; 0 when nothing was handled yet */
    synchronized long next() {
        return next;
    }

    /** @return whether {@code updateId} was handled already */
    synchronized boolean isDone(long updateId) {
        return updateId < next;
    }

    /** Records that {@code updateId} (and everything before it) is handled. */
    synchronized void commit(long updateId) {
        if (updateId + 1 <= next) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(updateId + 1), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            next = updateId + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write telegram offset file " + file, e);
        }
    }
}
