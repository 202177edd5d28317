package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonExceptionMapperTest {

    @Test
    void mapsStatusesToStableCodes() {
        assertEquals("not_found", JsonExceptionMapper.code(404));
        assertEquals("method_not_allowed", JsonExceptionMapper.code(405));
        assertEquals("unsupported_media_type", JsonExceptionMapper.code(415));
        assertEquals("http_409", JsonExceptionMapper.code(409));
        assertEquals("internal_error", JsonExceptionMapper.code(503));
    }

    @Test
    void bodiesAreTypedJson() {
        String body = JsonErrors.text("internal_error", JsonExceptionMapper.INTERNAL);
        assertTrue(body.startsWith("{\"error\":\"internal_error\",\"message\":"), body);
        assertFalse(body.contains("Exception"), body);
    }
}
