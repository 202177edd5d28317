package dev.nexo.core.internal.config;

/**
 * Marks a value that maps to a single JSON string property instead of being flattened: free-form
 * feature sections and fields whose keys are patterns (e.g. {@code tool_rate_limits}).
 */
record JsonValue(Object value) {
}
