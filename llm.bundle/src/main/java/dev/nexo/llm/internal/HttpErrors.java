package dev.nexo.llm.internal;

import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Maps an HTTP error answer to a typed {@link LlmException}, the same way for every vendor. */
final class HttpErrors {
    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "context.length|context window|prompt is too long|too many tokens|maximum context"
                    + "|exceeds the maximum number of tokens|input is too long|reduce the length",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BAD_KEY = Pattern.compile("api.key not valid|api_key_invalid|invalid api.key",
            Pattern.CASE_INSENSITIVE);

    private HttpErrors() {
    }

    /**
     * @param provider provider id
     * @param status HTTP status, not 2xx
     * @param headers response headers (for {@code Retry-After})
     * @param vendorCode the vendor's error type or code, possibly empty
     * @param vendorMessage the vendor's error message, already scrubbed of secrets
     * @param clock for HTTP-date {@code Retry-After} values
     * @return the typed error
     */
    static LlmException map(String provider, int status, HttpHeaders headers, String vendorCode, String vendorMessage,
            Clock clock) {
        LlmErrorKind kind = kind(status, vendorCode + " " + vendorMessage);
        Duration retryAfter = kind == LlmErrorKind.RATE_LIMITED || kind == LlmErrorKind.UNAVAILABLE
                ? retryAfter(headers, clock).orElse(null) : null;
        String code = vendorCode.isEmpty() ? "" : " " + vendorCode;
        return new LlmException(kind, provider, "HTTP " + status + code + ": " + vendorMessage, retryAfter, null);
    }

    static LlmErrorKind kind(int status, String text) {
        if (status == 401 || status == 403) {
            return LlmErrorKind.AUTHENTICATION;
        }
        if (status == 429) {
            return LlmErrorKind.RATE_LIMITED;
        }
        if (status == 408) {
            return LlmErrorKind.TIMEOUT;
        }
        if (status >= 500) {
            return LlmErrorKind.UNAVAILABLE;
        }
        if (CONTEXT_OVERFLOW.matcher(text).find()) {
            return LlmErrorKind.CONTEXT_OVERFLOW;
        }
        if (BAD_KEY.matcher(text).find()) {
            return LlmErrorKind.AUTHENTICATION; // Gemini answers a wrong key with 400 API_KEY_INVALID
        }
        if (status == 404 && text.toLowerCase(Locale.ROOT).contains("model")) {
            return LlmErrorKind.MODEL_NOT_FOUND;
        }
        return LlmErrorKind.BAD_REQUEST;
    }

    /** {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
