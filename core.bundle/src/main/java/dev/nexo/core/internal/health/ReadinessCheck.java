package dev.nexo.core.internal.health;

/**
 * A part of the container that can say whether it is ready beyond merely being registered
 * (e.g. "a configuration has been applied"). Registered as a service; {@link Readiness} asks
 * every one of them.
 */
public interface ReadinessCheck {
    /** @return the name {@code /ready} lists while this part is not ready */
    String name();

    /** @return true once this part is ready */
    boolean isReady();
}
