package dev.nexo.api.memory;

import dev.nexo.api.event.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One long-term memory (wire {@code {id, agent_id, content, tags, concept_tags, created_at,
 * memory_type}}). What a model sees of it is {@code {id, content, tags}}: no scores.
 */
public final class MemoryRecord {
    private final String id;
    private final MemoryScope scope;
    private final String content;
    private final List<String> tags;
    private final List<String> conceptTags;
    private final Instant createdAt;
    private final String memoryType;
    private final MemorySource source;

    private MemoryRecord(String id, MemoryScope scope, String content, List<String> tags, List<String> conceptTags,
            Instant createdAt, String memoryType, MemorySource source) {
        this.id = Ids.require(id, "memory id");
        this.scope = Objects.requireNonNull(scope, "scope");
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("memory content is required");
        }
        this.content = content;
        this.tags = List.copyOf(tags);
        this.conceptTags = List.copyOf(conceptTags);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.memoryType = memoryType;
        this.source = Objects.requireNonNull(source, "source (use MemorySource.NONE)");
    }

    /**
     * @param id backend-assigned id
     * @param scope owner
     * @param content the remembered text
     * @param tags caller-given tags
     * @param createdAt when it was stored
     * @return the record, without concept tags or type
     */
    public static MemoryRecord of(String id, MemoryScope scope, String content, List<String> tags, Instant createdAt) {
        return new MemoryRecord(id, scope, content, tags, List.of(), createdAt, null, MemorySource.NONE);
    }

    /**
     * @param conceptTags tags the backend derived from the content
     * @return a copy with these concept tags
     */
    public MemoryRecord withConceptTags(List<String> conceptTags) {
        return new MemoryRecord(id, scope, content, tags, conceptTags, createdAt, memoryType, source);
    }

    /**
     * @param memoryType backend-specific type, e.g. {@code fact}, {@code preference}; or null
     * @return a copy with this type
     */
    public MemoryRecord withMemoryType(String memoryType) {
        return new MemoryRecord(id, scope, content, tags, conceptTags, createdAt, memoryType, source);
    }

    /**
     * @param source the conversation the memory came from
     * @return a copy with this source
     */
    public MemoryRecord withSource(MemorySource source) {
        return new MemoryRecord(id, scope, content, tags, conceptTags, createdAt, memoryType, source);
    }

    /** @return the conversation it came from ({@link MemorySource#NONE} if none) */
    public MemorySource source() {
        return source;
    }

    /** @return the id */
    public String id() {
        return id;
    }

    /** @return the owning tenant and agent */
    public MemoryScope scope() {
        return scope;
    }

    /** @return the remembered text */
    public String content() {
        return content;
    }

    /** @return caller-given tags, unmodifiable */
    public List<String> tags() {
        return tags;
    }

    /** @return backend-derived concept tags, unmodifiable */
    public List<String> conceptTags() {
        return conceptTags;
    }

    /** @return when it was stored */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the backend-specific memory type, when any */
    public Optional<String> memoryType() {
        return Optional.ofNullable(memoryType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemoryRecord)) {
            return false;
        }
        MemoryRecord r = (MemoryRecord) o;
        return id.equals(r.id) && scope.equals(r.scope) && content.equals(r.content) && tags.equals(r.tags)
                && conceptTags.equals(r.conceptTags) && createdAt.equals(r.createdAt)
                && Objects.equals(memoryType, r.memoryType) && source.equals(r.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, scope);
    }

    /** @return a summary without the content (personal data) */
    @Override
    public String toString() {
        return "MemoryRecord[" + id + ", " + scope + ']';
    }
}
