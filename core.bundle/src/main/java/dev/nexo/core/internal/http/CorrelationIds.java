package dev.nexo.core.internal.http;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Correlation ids for request paths: taken from the caller's {@code X-Correlation-Id} when it is
 * a plain token (so ids cannot inject into logs), otherwise a fresh UUID.
 */
public final class CorrelationIds {
    /** Request/response header carrying the id. */
    public static final String HEADER = "X-Correlation-Id";
    /** MDC key the log layouts print. */
    public static final String MDC_KEY = "correlationId";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CorrelationIds() {
    }

    /** @return {@code presented} if it is a safe token, else a new id */
    public static String fromHeader(String presented) {
        if (presented != null && TOKEN.matcher(presented).matches()) {
            return presented;
        }
        return UUID.randomUUID().toString();
    }
}
