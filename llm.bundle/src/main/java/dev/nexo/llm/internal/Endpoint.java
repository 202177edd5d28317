package dev.nexo.llm.internal;

import java.net.URI;

/**
 * Where a provider instance sends its calls.
 *
 * @param id the provider id (the configuration's name)
 * @param baseUrl base URL without a trailing slash
 * @param apiKey the API key, possibly empty (local servers); never logged
 * @param secrets scrubs the key from vendor messages
 */
record Endpoint(String id, String baseUrl, String apiKey, Secrets secrets) {
    /** Normalises the base URL and builds the scrubber. */
    static Endpoint of(String id, String baseUrl, String apiKey) {
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String key = apiKey == null ? "" : apiKey.strip();
        return new Endpoint(id, base, key, new Secrets(key));
    }

    /** @return the URI of {@code path} (starting with a slash) under the base URL */
    URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    boolean hasKey() {
        return !apiKey.isEmpty();
    }

    @Override
    public String toString() {
        return "Endpoint[" + id + ", " + baseUrl + "]"; // never the key
    }
}
