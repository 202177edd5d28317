package dev.nexo.api.memory;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A long-term memory backend (SQLite + FTS, sqlite-vec, Redis, a remote vector store), registered
 * with the {@link #BACKEND} property. Every method requires the caller's {@link MemoryScope}; an
 * implementation must confine reads and writes to exactly that scope. All methods return without
 * blocking on I/O and fail with {@link MemoryException}.
 */
@ConsumerType
public interface MemoryStore {
    /** Service property naming the backend, e.g. {@code sqlite}; agents pick one in {@code memory.yaml}. */
    String BACKEND = "nexo.memory.backend";

    /**
     * @param scope owner of the new memory
     * @param content the text to remember, non-blank
     * @param tags tags to file it under
     * @param source the conversation it came from ({@link MemorySource#NONE} if none)
     * @return the stored record with its id, timestamp and source
     */
    CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags, MemorySource source);

    /** As {@link #store(MemoryScope, String, List, MemorySource)} for a memory with no conversation behind it. */
    default CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags) {
        return store(scope, content, tags, MemorySource.NONE);
    }

    /**
     * @param scope whose memories to search
     * @param query what to look for
     * @return matching records of that scope only, best first, at most {@code query.limit()}
     */
    CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query);

    /**
     * @param scope owner of the memory
     * @param id the memory's id
     * @return whether a memory of that scope with that id existed and was deleted
     */
    CompletionStage<Boolean> forget(MemoryScope scope, String id);

    /**
     * Deletes every memory of a scope whose {@link MemorySource#senderId()} is {@code senderId}
     * (a person's right to be forgotten), vectors included.
     *
     * @param scope whose memories
     * @param senderId the sender id within its channel
     * @return the number of memories deleted
     */
    CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId);

    /**
     * Streams every memory of a scope, oldest first, for backup or migration.
     *
     * @param scope whose memories
     * @param sink receives each record, on one thread at a time
     * @return the number of records exported
     */
    CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink);

    /**
     * Stores records produced by {@link #exportRecords}, keeping their ids and timestamps. Records
     * whose scope differs from {@code scope} fail the whole call with
     * {@link MemoryErrorCode#SCOPE_VIOLATION} before anything is written.
     *
     * @param scope the scope being restored
     * @param records the records
     * @return the number of records written (existing ids are skipped)
     */
    CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records);
}
