package dev.nexo.api.hook;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook handler, registered as a service with {@link #POINTS} and optionally {@link #PRIORITY},
 * usually through {@link HookRegistration @HookRegistration}. The core calls it with a timeout
 * (5 s by default; keep it well under 50 ms on the message path) and treats failure or timeout as
 * {@link HookOutcome#proceed()}.
 */
@ConsumerType
public interface Hook {
    /** Service property: the points the hook handles, as {@link HookPoint} names ({@code String[]}). */
    String POINTS = "nexo.hook.points";
    /** Service property: integer order, lower runs first; default 0. */
    String PRIORITY = "nexo.hook.priority";

    /**
     * @param context what happens
     * @return the verdict; must not block the caller
     */
    CompletionStage<HookOutcome> onHook(HookContext context);
}
