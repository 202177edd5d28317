package dev.nexo.core.internal.agent;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallQuery;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A memory store for the automatic-recall tests: only {@link #recall} is implemented; everything
 * else throws, so a test fails loudly if the agent engine writes, forgets or exports on a turn.
 */
@FunctionalInterface
interface RecallOnlyStore extends MemoryStore {
    @Override
    CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query);

    @Override
    default CompletionStage<MemoryRecord> store(MemoryScope s, String c, List<String> t, MemorySource src) {
        throw new UnsupportedOperationException();
    }

    @Override
    default CompletionStage<Boolean> forget(MemoryScope scope, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    default CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId) {
        throw new UnsupportedOperationException();
    }

    @Override
    default CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink) {
        throw new UnsupportedOperationException();
    }

    @Override
    default CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records) {
        throw new UnsupportedOperationException();
    }
}
