package dev.nexo.channel.whatsapp.internal;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;

/**
 * Maps Graph API error responses to typed {@link ChannelException}s. The shape is
 * {@code {"error": {"message", "type", "code", "error_subcode", "error_data": {"details"},
 * "is_transient", "fbtrace_id"}}}; the retryable codes are the ones Meta documents as throttling
 * or temporary ("retry later"), plus any error the API itself flags {@code is_transient}.
 */
final class GraphErrors {
    /** Throttling: application, account, pair and spam rate limits. */
    private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 613, 80007, 130429, 131048, 131056);
    /** Temporary server-side failures. */
    private static final Set<Integer> TEMPORARY = Set.of(1, 2, 131000, 131016, 133004);
    /** Token expired or invalid, or a permission is missing. */
    private static final Set<Integer> AUTH = Set.of(0, 10, 102, 190, 200, 3, 131005);
    /** The recipient cannot receive the message. */
    private static final Set<Integer> RECIPIENT = Set.of(131021, 131026, 131030, 131045, 133010);
    /** The 24-hour customer-service window has closed (re-engagement message). */
    static final int WINDOW_CLOSED = 131047;

    private GraphErrors() {
    }

    /**
     * @param httpStatus the HTTP status
     * @param body the parsed response body, or null when it was not JSON
     * @param retryAfter the Retry-After header's delay, or null
     * @return the typed exception
     */
    static ChannelException from(int httpStatus, JsonNode body, Duration retryAfter) {
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || !error.isObject()) {
            ChannelErrorCode code = httpStatus == 429 ? ChannelErrorCode.RATE_LIMITED
                    : httpStatus >= 500 ? ChannelErrorCode.UNAVAILABLE
                    : httpStatus == 401 || httpStatus == 403 ? ChannelErrorCode.AUTHENTICATION_FAILED
                    : ChannelErrorCode.FAILED;
            return new ChannelException(code, "Graph API answered HTTP " + httpStatus, retryAfter, null);
        }
        int code = error.path("code").asInt(-1);
        String detail = error.path("error_data").path("details").asText("");
        String message = "Graph API error " + code + ": " + error.path("message").asText("(no message)")
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        return new ChannelException(classify(httpStatus, code, error.path("is_transient").asBoolean(false)),
                message, retryAfter, null);
    }

    static ChannelErrorCode classify(int httpStatus, int code, boolean transientFlag) {
        if (THROTTLED.contains(code) || httpStatus == 429) {
            return ChannelErrorCode.RATE_LIMITED;
        }
        if (TEMPORARY.contains(code) || transientFlag || httpStatus >= 500) {
            return ChannelErrorCode.UNAVAILABLE;
        }
        if (AUTH.contains(code) || httpStatus == 401) {
            return ChannelErrorCode.AUTHENTICATION_FAILED;
        }
        if (RECIPIENT.contains(code) || code == WINDOW_CLOSED) {
            return ChannelErrorCode.RECIPIENT_INVALID;
        }
        return ChannelErrorCode.FAILED;
    }
}
