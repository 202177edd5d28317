package dev.nexo.api.memory;

import java.util.Locale;

/** Why a memory operation failed. */
public enum MemoryErrorCode {
    /** The record belongs to another scope (import of foreign records). */
    SCOPE_VIOLATION,
    /** Embedding dimensions do not match the store's. */
    DIMENSION_MISMATCH,
    /** The backend could not persist the change. */
    WRITE_FAILED,
    /** The backend is not reachable or not configured. */
    UNAVAILABLE,
    /** The backend throttled the call. */
    RATE_LIMITED,
    /** The text looks like a credential and the secret guard refused it (since 1.1). */
    SECRET_DETECTED;

    /** @return the snake_case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
