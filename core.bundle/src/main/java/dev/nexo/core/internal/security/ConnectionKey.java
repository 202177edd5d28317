package dev.nexo.core.internal.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.AdminCredential;
import dev.nexo.core.internal.runtime.NexoPaths;
import dev.nexo.core.internal.runtime.StateRoot;

/**
 * The admin connection-key: generated on first boot, stored 0600 in the state root, required on
 * every {@code /admin/api/*} call. The key itself is never logged; only its file is named.
 * {@link #rotate()} replaces it; agent tokens are bound to its {@link #epoch()}.
 */
@Component(service = {ConnectionKey.class, AdminCredential.class})
public class ConnectionKey implements AdminCredential {
    /** Prefix that makes a leaked key recognisable to secret scanners. */
    public static final String PREFIX = "nexo_admin_";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionKey.class);

    private final Path file;
    private volatile byte[] key;

    @Activate
    public ConnectionKey(@Reference StateRoot state) {
        this(state.root().resolve(NexoPaths.CONNECTION_KEY_FILE));
    }

    ConnectionKey(Path file) {
        this.file = file;
        this.key = loadOrCreate(file).getBytes(StandardCharsets.US_ASCII);
    }

    /** Compares in constant time so response timing reveals nothing about the key. */
    @Override
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(key, presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @return true if it is {@code Bearer <this key>} (scheme case-insensitive)
     */
    @Override
    public boolean matchesAuthorization(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(authorization.substring(7));
    }

    /** A one-way fingerprint of the key (SHA-256 over a label and the key), changing on rotation. */
    @Override
    public String epoch() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("nexo-key-epoch:".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Writes a fresh key atomically and switches to it; the old key stops matching at once. */
    @Override
    public synchronized void rotate() {
        String fresh = generate();
        try {
            write(file, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rotated connection-key to " + file, e);
        }
        key = fresh.getBytes(StandardCharsets.US_ASCII);
        LOG.info("rotated the admin connection-key in {} (print it with: nexo --print-key)", file);
    }

    /** @return where the key is stored (the key itself is never exposed by this service) */
    public Path file() {
        return file;
    }

    static String generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!existing.isEmpty()) {
                    restrict(file);
                    return existing;
                }
            }
            String fresh = generate();
            write(file, fresh);
            LOG.info("generated a new admin connection-key in {} (print it with: nexo --print-key)", file);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the connection-key file " + file, e);
        }
    }

    private static void write(Path file, String value) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".connection", ".tmp");
        restrict(tmp);
        Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void restrict(Path f) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
