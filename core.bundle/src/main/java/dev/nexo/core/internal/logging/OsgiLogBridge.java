package dev.nexo.core.internal.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the OSGi Log Service (where SCR, ConfigAdmin and Metatype log) to SLF4J, so the
 * framework's own messages reach the one backend instead of stdout. Entries logged before this
 * component came up are replayed once from the log history, in order, without duplicates.
 */
@Component(immediate = true, service = {})
public class OsgiLogBridge implements LogListener {
    private final LogReaderService reader;
    private long forwardedUpTo = -1;

    @Activate
    public OsgiLogBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
        synchronized (this) {
            List<LogEntry> history = new ArrayList<>();
            for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements();) {
                history.add(e.nextElement());
            }
            Collections.reverse(history); // the reader lists newest first
            history.forEach(this::forwardOnce);
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public synchronized void logged(LogEntry entry) {
        forwardOnce(entry);
    }

    /**
     * The framework records every bundle, service and framework event as a log entry; the
     * routine ones (INFO and below) would drown the log, failures (WARN and above) are kept.
     */
    static boolean routineEvent(LogEntry entry) {
        String name = entry.getLoggerName();
        // LogLevel.implies: INFO, DEBUG and TRACE all imply INFO; WARN and worse do not
        return name != null && name.startsWith("Events.") && entry.getLogLevel().implies(LogLevel.INFO);
    }

    private void forwardOnce(LogEntry entry) {
        if (entry.getSequence() <= forwardedUpTo) {
            return;
        }
        forwardedUpTo = entry.getSequence();
        if (routineEvent(entry)) {
            return;
        }
        Bundle bundle = entry.getBundle();
        Logger log = LoggerFactory.getLogger("osgi." + (bundle == null || bundle.getSymbolicName() == null
                ? "framework" : bundle.getSymbolicName()));
        String message = entry.getMessage();
        Throwable error = entry.getException();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, error);
            case WARN -> log.warn(message, error);
            case INFO -> log.info(message, error);
            case DEBUG -> log.debug(message, error);
            default -> log.trace(message, error);
        }
    }
}
