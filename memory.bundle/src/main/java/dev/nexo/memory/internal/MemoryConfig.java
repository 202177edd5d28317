package dev.nexo.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code dev.nexo.memory} PID, filled from {@code memory.yaml}: nested YAML keys become dotted
 * property names ({@code long_term.sqlite.path}); in method names a single {@code _} stands for a
 * dot and {@code __} for an underscore (OSGi component property type mapping).
 */
@ObjectClassDefinition(name = "Nexo long-term memory",
        description = "SQLite long-term memory with full-text and vector recall (memory.yaml).")
public @interface MemoryConfig {
    /** The singleton PID {@code memory.yaml} maps to. */
    String PID = "dev.nexo.memory";

    @AttributeDefinition(name = "long_term.backend", description = "Storage engine; this bundle serves sqlite.")
    String long__term_backend() default "sqlite";

    @AttributeDefinition(name = "long_term.sqlite.path",
            description = "SQLite file; a relative path is resolved against the state root.")
    String long__term_sqlite_path() default "./data/memory.db";

    @AttributeDefinition(name = "vector.enabled", description = "Whether memories are embedded for semantic recall.")
    boolean vector_enabled() default true;

    @AttributeDefinition(name = "vector.default_recall_mode",
            description = "Mode used when a recall does not name one: keyword, vector or hybrid.")
    String vector_default__recall__mode() default "hybrid";

    @AttributeDefinition(name = "vector.embedding.provider",
            description = "local (the embedder bundle's offline model) or http (an OpenAI-compatible /embeddings endpoint).")
    String vector_embedding_provider() default "local";

    @AttributeDefinition(name = "vector.embedding.base_url", description = "Base URL of the /embeddings endpoint (http provider).")
    String vector_embedding_base__url() default "";

    @AttributeDefinition(name = "vector.embedding.model",
            description = "Model id: for http the model sent to the endpoint; for local the embedder service to use.")
    String vector_embedding_model() default "";

    @AttributeDefinition(name = "vector.embedding.api_key", description = "Bearer key for the endpoint (http provider).",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String vector_embedding_api__key() default "";

    @AttributeDefinition(name = "vector.embedding.dimensions",
            description = "Vector length the model produces; 0 = take it from the embedder. A store holding other dimensions refuses to open.")
    int vector_embedding_dimensions() default 0;

    @AttributeDefinition(name = "vector.embedding.timeout_secs", description = "Timeout of one embedding request.")
    int vector_embedding_timeout__secs() default 30;

    @AttributeDefinition(name = "vector.embedding.queue_capacity",
            description = "Memories waiting for a vector; beyond it they stay keyword-only until the backlog sweep.")
    int vector_embedding_queue__capacity() default 10000;

    @AttributeDefinition(name = "vector.embedding.batch_size", description = "Texts per embedding call.")
    int vector_embedding_batch__size() default 16;

    @AttributeDefinition(name = "vector.index.exact_max",
            description = "Up to this many vectors per agent recall uses exact cosine search; above it an HNSW index.")
    int vector_index_exact__max() default 20000;

    @AttributeDefinition(name = "vector.index.m", description = "HNSW links per node.")
    int vector_index_m() default 16;

    @AttributeDefinition(name = "vector.index.ef_construction", description = "HNSW candidate list size while building.")
    int vector_index_ef__construction() default 200;

    @AttributeDefinition(name = "vector.index.ef", description = "HNSW candidate list size while searching.")
    int vector_index_ef() default 100;

    @AttributeDefinition(name = "auto_recall.enabled",
            description = "Whether the agent runtime recalls relevant memories into every prompt (read by the runtime).")
    boolean auto__recall_enabled() default true;

    @AttributeDefinition(name = "auto_recall.top_k", description = "How many memories the runtime recalls into a prompt.")
    int auto__recall_top__k() default 5;

    @AttributeDefinition(name = "auto_recall.mode", description = "Recall mode of the automatic recall.")
    String auto__recall_mode() default "hybrid";

    @AttributeDefinition(name = "memory.secret_guard.enabled", description = "Check stored text for credentials.")
    boolean memory_secret__guard_enabled() default true;

    @AttributeDefinition(name = "memory.secret_guard.on_secret",
            description = "block (refuse the write), redact (store [REDACTED:<rule>]) or warn (store and log).")
    String memory_secret__guard_on__secret() default "block";

    @AttributeDefinition(name = "memory.secret_guard.rules", description = "Rule ids to apply, or all.")
    String[] memory_secret__guard_rules() default {"all"};

    @AttributeDefinition(name = "memory.secret_guard.exclude_rules", description = "Rule ids to skip.")
    String[] memory_secret__guard_exclude__rules() default {};
}
