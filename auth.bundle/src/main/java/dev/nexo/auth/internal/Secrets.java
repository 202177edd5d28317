package dev.nexo.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random credentials with recognisable prefixes, and the one-way hashes stored instead of them. */
final class Secrets {
    /** Prefix of per-agent tokens, for secret scanners. */
    static final String TOKEN_PREFIX = "nexo_agent_";
    /** Prefix of one-time enrollment codes. */
    static final String ENROLL_PREFIX = "nexo_enroll_";
    /** The connection-key's prefix (owned by the core); never accepted on the agent surface. */
    static final String ADMIN_PREFIX = "nexo_admin_";
    /** Pairing code alphabet: 32 symbols without look-alikes (no 0/O, 1/I). */
    static final String PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String token(String prefix) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String pairingCode() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(PAIRING_ALPHABET.charAt(RANDOM.nextInt(PAIRING_ALPHABET.length())));
        }
        return sb.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
