package dev.nexo.api.memory;

/** How a backend ranks recall candidates. Backends without vectors treat every mode as {@link #KEYWORD}. */
public enum RecallMode {
    /** Full-text keyword ranking (BM25). */
    KEYWORD,
    /** Embedding similarity. */
    VECTOR,
    /** Both, fused (reciprocal rank fusion). */
    HYBRID
}
