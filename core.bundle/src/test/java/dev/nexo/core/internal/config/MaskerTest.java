package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MaskerTest {
    @Test
    void secretLookingKeysAndPlaceholderValuesAreMasked() {
        Map<String, Object> tree = Map.of(
                "api_key", "sk-live",
                "bot_token", "123:abc",
                "auth", Map.of("password", "pw", "username", "ops"),
                "client_secret_path", "",
                "base_url", new Secret("https://internal"),
                "tokens", List.of("t1"),
                "model", "gpt-4o");

        @SuppressWarnings("unchecked")
        Map<String, Object> masked = (Map<String, Object>) Masker.mask(tree, false);

        assertEquals("********", masked.get("api_key"));
        assertEquals("********", masked.get("bot_token"));
        assertEquals(Map.of("password", "********", "username", "ops"), masked.get("auth"));
        assertEquals("", masked.get("client_secret_path"), "empty values reveal nothing");
        assertEquals("********", masked.get("base_url"));
        assertEquals(List.of("********"), masked.get("tokens"));
        assertEquals("gpt-4o", masked.get("model"));
    }
}
