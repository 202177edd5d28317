package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small parts: token bucket, SSE parsing, retry schedule, Retry-After, secret scrubbing. */
class PiecesTest {
    @Test
    void tokenBucketLetsABurstThroughThenSpacesRequests() {
        TestClock clock = new TestClock();
        TokenBucket bucket = new TokenBucket(2.0, clock);
        assertEquals(Duration.ZERO, bucket.reserve());
        assertEquals(Duration.ZERO, bucket.reserve());
        assertEquals(Duration.ofMillis(500), bucket.reserve(), "the third of a burst waits one interval");
        assertEquals(Duration.ofMillis(1000), bucket.reserve(), "and the fourth two");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, bucket.reserve(), "refilled after a pause");
        assertEquals(Duration.ZERO, new TokenBucket(0, clock).reserve());
    }

    @Test
    void sseParserFollowsTheEventStreamRules() {
        List<String> seen = new ArrayList<>();
        SseParser p = new SseParser((event, data) -> seen.add(event + "|" + data));
        for (String line : List.of(": comment", "event: content_block_delta", "data: {\"a\":1}", "", "data:x", "data: y",
                "id: 7", "", "", "event: lonely", "", "data: tail")) {
            p.line(line);
        }
        p.end();
        assertEquals(List.of("content_block_delta|{\"a\":1}", "message|x\ny", "message|tail"), seen);
    }

    @Test
    void retryScheduleFollowsTheTaxonomy() {
        RetryPolicy policy = RetryPolicy.defaults(() -> 1.0);
        RetryPolicy.Schedule s = policy.schedule();
        LlmException rate = new LlmException(LlmErrorKind.RATE_LIMITED, "p", "429", null, null);
        List<Duration> delays = new ArrayList<>();
        for (Optional<Duration> d = s.next(rate); d.isPresent(); d = s.next(rate)) {
            delays.add(d.get());
        }
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(9), Duration.ofSeconds(27), Duration.ofSeconds(60)),
                delays, "4 waits for 5 attempts, decorrelated jitter growing to the 60 s cap");
        RetryPolicy.Schedule server = policy.schedule();
        LlmException down = new LlmException(LlmErrorKind.UNAVAILABLE, "p", "503", null, null);
        assertEquals(Optional.of(Duration.ofSeconds(3)), server.next(down));
        assertEquals(Optional.of(Duration.ofSeconds(9)), server.next(down));
        assertEquals(Optional.empty(), server.next(down), "5xx: 3 attempts");
        for (LlmErrorKind kind : List.of(LlmErrorKind.AUTHENTICATION, LlmErrorKind.BAD_REQUEST, LlmErrorKind.CONTEXT_OVERFLOW)) {
            assertEquals(Optional.empty(), policy.schedule().next(new LlmException(kind, "x")), kind.toString());
        }
        LlmException tooLong = new LlmException(LlmErrorKind.RATE_LIMITED, "p", "429", Duration.ofMinutes(10), null);
        assertEquals(Optional.empty(), policy.schedule().next(tooLong), "a Retry-After beyond the cap is not slept through");
    }

    @Test
    void retryAfterReadsSecondsMillisecondsAndDates() {
        TestClock clock = new TestClock();
        assertEquals(Optional.of(Duration.ofSeconds(12)), HttpErrors.retryAfter(headers("Retry-After", "12"), clock));
        assertEquals(Optional.of(Duration.ofMillis(1500)), HttpErrors.retryAfter(headers("retry-after-ms", "1500"), clock));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                HttpErrors.retryAfter(headers("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"), clock));
        assertEquals(Optional.empty(), HttpErrors.retryAfter(headers("Retry-After", "soon"), clock));
    }

    @Test
    void statusesMapToKinds() {
        assertEquals(LlmErrorKind.AUTHENTICATION, HttpErrors.kind(403, "permission_error"));
        assertEquals(LlmErrorKind.RATE_LIMITED, HttpErrors.kind(429, ""));
        assertEquals(LlmErrorKind.UNAVAILABLE, HttpErrors.kind(529, "overloaded_error"));
        assertEquals(LlmErrorKind.CONTEXT_OVERFLOW, HttpErrors.kind(400, "context_length_exceeded This model's maximum context length is 8192"));
        assertEquals(LlmErrorKind.MODEL_NOT_FOUND, HttpErrors.kind(404, "model_not_found The model `gpt-9` does not exist"));
        assertEquals(LlmErrorKind.BAD_REQUEST, HttpErrors.kind(422, "unprocessable"));
    }

    @Test
    void secretsAreScrubbed() {
        Secrets s = new Secrets("my-very-secret-key");
        String out = s.scrub("key my-very-secret-key rejected; also sk-proj-abc***xyz and AIzaSyA1234567890abcdef");
        assertFalse(out.contains("my-very-secret-key"), out);
        assertFalse(out.contains("sk-proj"), out);
        assertFalse(out.contains("AIza"), out);
        assertTrue(out.startsWith("key [REDACTED] rejected"), out);
        assertFalse(Endpoint.of("p", "http://h/", "my-very-secret-key").toString().contains("secret"));
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }
}
