package dev.nexo.core.internal.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Handles SIGTERM and SIGINT by stopping the framework <em>before</em> the JVM starts its exit,
 * then passes the signal on to the handler that was there before (the JVM's own, which exits).
 *
 * <p>Why not only a shutdown hook: the JVM runs all shutdown hooks at once, in no order, and
 * libraries register their own. ONNX Runtime's releases its native environment, and a model
 * still loading or embedding on another thread then crashes the JVM (SIGSEGV). Stopping the
 * framework first lets every component finish and release what it holds while the libraries
 * under it are still intact. The shutdown hook stays as the fallback for every other way out.
 *
 * <p>Loaded only through {@link #install}: where {@code sun.misc} is not visible (boot
 * delegation not set) the class fails to link and the caller falls back to the hook alone.
 */
final class SignalStop {
    private static final Logger LOG = LoggerFactory.getLogger(SignalStop.class);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalStop() {
    }

    /** Installs the handlers; {@code stop} is called on the JVM's signal thread and may block (bounded). */
    static SignalStop install(Runnable stop) {
        SignalStop s = new SignalStop();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] before = new SignalHandler[1];
                before[0] = Signal.handle(signal, sig -> {
                    stop.run();
                    pass(sig, before[0]);
                });
                if (before[0] == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, SignalHandler.SIG_IGN); // ignored on purpose (nohup): keep it so
                    continue;
                }
                s.previous.put(signal, before[0]);
            } catch (IllegalArgumentException e) {
                // -Xrs, or the JVM keeps this signal for itself: the shutdown hook covers it
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return s;
    }

    /** What the signal would have done without us: the JVM's handler exits with 128 + its number. */
    private static void pass(Signal sig, SignalHandler before) {
        if (before == SignalHandler.SIG_DFL) {
            System.exit(128 + sig.getNumber());
        } else if (before != SignalHandler.SIG_IGN) {
            before.handle(sig);
        }
    }

    /** Puts the earlier handlers back (when the core stops without the process ending). */
    void uninstall() {
        previous.forEach((signal, before) -> {
            try {
                Signal.handle(signal, before);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore the SIG{} handler: {}", signal.getName(), e.getMessage());
            }
        });
        previous.clear();
    }
}
