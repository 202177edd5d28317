package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;

class GraphErrorsTest {
    @Test
    void documentedCodesMapToTypedErrors() {
        assertEquals(ChannelErrorCode.RATE_LIMITED, GraphErrors.classify(400, 130429, false));
        assertEquals(ChannelErrorCode.RATE_LIMITED, GraphErrors.classify(400, 131056, false));
        assertEquals(ChannelErrorCode.RATE_LIMITED, GraphErrors.classify(400, 4, false));
        assertEquals(ChannelErrorCode.UNAVAILABLE, GraphErrors.classify(503, 131016, false));
        assertEquals(ChannelErrorCode.UNAVAILABLE, GraphErrors.classify(400, 999999, true));
        assertEquals(ChannelErrorCode.AUTHENTICATION_FAILED, GraphErrors.classify(401, 190, false));
        assertEquals(ChannelErrorCode.AUTHENTICATION_FAILED, GraphErrors.classify(403, 10, false));
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, GraphErrors.classify(400, 131026, false));
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, GraphErrors.classify(400, GraphErrors.WINDOW_CLOSED, false));
        assertEquals(ChannelErrorCode.FAILED, GraphErrors.classify(400, 100, false));
    }

    @Test
    void nonJsonErrorsMapByHttpStatus() {
        ChannelException e = GraphErrors.from(502, null, Duration.ofSeconds(1));
        assertEquals(ChannelErrorCode.UNAVAILABLE, e.code());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertEquals(ChannelErrorCode.FAILED, GraphErrors.from(404, null, null).code());
    }
}
