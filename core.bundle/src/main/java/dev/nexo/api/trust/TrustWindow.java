package dev.nexo.api.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a grant lasts: one use, a fixed period, or until revoked. Wire names are
 * {@code once}, {@code 1h}, {@code 1d}, {@code 7d}, {@code until-revoked}.
 */
public enum TrustWindow {
    /** One call, then the grant is spent. */
    ONCE("once", null),
    /** One hour from approval. */
    ONE_HOUR("1h", Duration.ofHours(1)),
    /** One day from approval. */
    ONE_DAY("1d", Duration.ofDays(1)),
    /** Seven days from approval. */
    SEVEN_DAYS("7d", Duration.ofDays(7)),
    /** Until an operator revokes it. */
    UNTIL_REVOKED("until-revoked", null);

    private final String wireName;
    private final Duration duration;

    TrustWindow(String wireName, Duration duration) {
        this.wireName = wireName;
        this.duration = duration;
    }

    /** @return the wire name, e.g. {@code 7d} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wire a wire name
     * @return the window
     * @throws IllegalArgumentException for an unknown name
     */
    public static TrustWindow parse(String wire) {
        for (TrustWindow w : values()) {
            if (w.wireName.equals(wire)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown trust window " + wire + "; expected once, 1h, 1d, 7d or until-revoked");
    }

    /** @return the fixed length, absent for {@link #ONCE} and {@link #UNTIL_REVOKED} */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** @return whether the grant can be used more than once */
    public boolean isStanding() {
        return this != ONCE;
    }

    /**
     * @param sensitivity the capability's sensitivity
     * @return whether this window may be granted for it: execute only ever gets {@link #ONCE}
     */
    public boolean isAllowedFor(Sensitivity sensitivity) {
        return !isStanding() || sensitivity.mayStand();
    }

    /**
     * Caps a requested window at what the sensitivity allows, so an admin choosing "7d" for an
     * execute capability still gets a per-use grant.
     *
     * @param sensitivity the capability's sensitivity
     * @return this window, or {@link #ONCE} when this one is not allowed
     */
    public TrustWindow clampFor(Sensitivity sensitivity) {
        return isAllowedFor(sensitivity) ? this : ONCE;
    }

    /**
     * @param grantedAt when the grant was approved
     * @return when it expires; absent for windows without a fixed length
     */
    public Optional<Instant> expiryFrom(Instant grantedAt) {
        return duration().map(grantedAt::plus);
    }
}
