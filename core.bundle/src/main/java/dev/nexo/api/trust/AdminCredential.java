package dev.nexo.api.trust;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The admin connection-key as a service: checks a presented credential and rotates the key,
 * without ever handing the key out. Agent credentials are bound to its {@link #epoch()}, so a
 * rotation invalidates every agent token.
 */
@ProviderType
public interface AdminCredential {
    /**
     * @param presented a credential as presented, possibly null
     * @return whether it is the current connection-key (constant-time comparison)
     */
    boolean matches(String presented);

    /**
     * @param authorization an {@code Authorization} header value, possibly null
     * @return whether it is {@code Bearer <current connection-key>}
     */
    boolean matchesAuthorization(String authorization);

    /**
     * @return a fingerprint of the current key that changes on every rotation; derived one-way,
     *         it reveals nothing about the key
     */
    String epoch();

    /** Replaces the key with a fresh one; the old key and everything bound to its epoch stop working. */
    void rotate();
}
