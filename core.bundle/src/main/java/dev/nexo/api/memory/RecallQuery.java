package dev.nexo.api.memory;

import java.util.List;
import java.util.Objects;

/**
 * What to recall.
 *
 * @param text the query text
 * @param limit most records to return, 1..{@value #MAX_LIMIT}
 * @param mode ranking mode
 * @param tags only records carrying all these tags; empty for no filter
 */
public record RecallQuery(String text, int limit, RecallMode mode, List<String> tags) {
    /** Default number of records. */
    public static final int DEFAULT_LIMIT = 10;
    /** Hard cap on records per recall. */
    public static final int MAX_LIMIT = 1000;

    /** Validates and copies the tags. */
    public RecallQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("recall query text is required");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("recall limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        Objects.requireNonNull(mode, "mode");
        tags = List.copyOf(tags);
    }

    /** @return a hybrid query with the default limit and no tag filter */
    public static RecallQuery of(String text) {
        return new RecallQuery(text, DEFAULT_LIMIT, RecallMode.HYBRID, List.of());
    }

    /** @return a hybrid query with the given limit and no tag filter */
    public static RecallQuery of(String text, int limit) {
        return new RecallQuery(text, limit, RecallMode.HYBRID, List.of());
    }
}
