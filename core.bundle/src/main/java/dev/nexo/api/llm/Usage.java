package dev.nexo.api.llm;

/**
 * Tokens consumed by one call. Counts a provider does not report are 0.
 *
 * @param promptTokens input tokens billed at the normal rate
 * @param completionTokens output tokens
 * @param cacheReadTokens input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 */
public record Usage(long promptTokens, long completionTokens, long cacheReadTokens, long cacheWriteTokens) {
    /** No tokens. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /** Rejects negative counts. */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** @return usage without cache figures */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0);
    }

    /** @return all tokens, input and output */
    public long totalTokens() {
        return promptTokens + completionTokens + cacheReadTokens + cacheWriteTokens;
    }

    /** @return the sum of this and {@code other}, e.g. across the turns of a tool loop */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
