package dev.nexo.channel.email.internal.imap;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The IMAP cursor of one mailbox: UIDVALIDITY and the highest processed UID, persisted
 * atomically (temp file + move) after every message so a restart neither loses nor repeats mail.
 */
public final class CursorStore {
    private final Path file;
    private long uidValidity;
    private long lastUid;

    /**
     * @param file the cursor file; read when it exists
     */
    public CursorStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read IMAP cursor " + file, e);
            }
            uidValidity = Long.parseLong(p.getProperty("uidvalidity", "0"));
            lastUid = Long.parseLong(p.getProperty("last_uid", "0"));
        }
    }

    /** @return the UIDVALIDITY the cursor belongs to; 0 before the first run */
    public synchronized long uidValidity() {
        return uidValidity;
    }

    /** @return the highest UID processed */
    public synchronized long lastUid() {
        return lastUid;
    }

    /**
     * Checks the folder's UIDVALIDITY; a different value means the mailbox was recreated and every
     * old UID is meaningless, so the cursor restarts at 0.
     *
     * @param current the folder's UIDVALIDITY
     * @return whether the cursor was reset (false on the very first run)
     */
    public synchronized boolean validate(long current) {
        if (uidValidity == current) {
            return false;
        }
        boolean changed = uidValidity != 0;
        uidValidity = current;
        lastUid = 0;
        save();
        return changed;
    }

    /**
     * @param uid a processed UID; lower values are ignored
     */
    public synchronized void advance(long uid) {
        if (uid > lastUid) {
            lastUid = uid;
            save();
        }
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty("uidvalidity", Long.toString(uidValidity));
        p.setProperty("last_uid", Long.toString(lastUid));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "IMAP cursor");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IMAP cursor " + file, e);
        }
    }
}
