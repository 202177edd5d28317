package dev.nexo.memory.inmem.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallQuery;

/**
 * A {@link MemoryStore} kept in a map, ranked by shared words (every mode is keyword, as the SPI
 * allows for backends without vectors). Registered with a high service ranking so that installing
 * this bundle replaces the SQLite store for every consumer that follows the best-ranked service.
 */
@Component(property = {MemoryStore.BACKEND + "=inmem", "service.ranking:Integer=100"})
public final class InMemoryMemoryStore implements MemoryStore {
    private final Map<MemoryScope, Map<String, MemoryRecord>> byScope = new ConcurrentHashMap<>();

    private Map<String, MemoryRecord> of(MemoryScope scope) {
        return byScope.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
    }

    @Override
    public CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags, MemorySource source) {
        MemoryRecord r = MemoryRecord.of(UUID.randomUUID().toString(), scope, content, tags, Instant.now()).withSource(source);
        of(scope).put(r.id(), r);
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
        Set<String> words = words(query.text());
        List<MemoryRecord> hits = new ArrayList<>();
        for (MemoryRecord r : of(scope).values()) {
            if (r.tags().containsAll(query.tags()) && overlap(words, r) > 0) {
                hits.add(r);
            }
        }
        hits.sort(Comparator.comparingLong((MemoryRecord r) -> -overlap(words, r)).thenComparing(MemoryRecord::createdAt));
        return CompletableFuture.completedFuture(List.copyOf(hits.subList(0, Math.min(hits.size(), query.limit()))));
    }

    private static Set<String> words(String text) {
        return Set.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
                .filter(w -> !w.isEmpty()).collect(java.util.stream.Collectors.toSet());
    }

    private static long overlap(Set<String> words, MemoryRecord r) {
        return words(r.content()).stream().filter(words::contains).count();
    }

    @Override
    public CompletionStage<Boolean> forget(MemoryScope scope, String id) {
        return CompletableFuture.completedFuture(of(scope).remove(id) != null);
    }

    @Override
    public CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId) {
        long before = of(scope).size();
        of(scope).values().removeIf(r -> r.source().sender().map(senderId::equals).orElse(false));
        return CompletableFuture.completedFuture(before - of(scope).size());
    }

    @Override
    public CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink) {
        List<MemoryRecord> all = new ArrayList<>(of(scope).values());
        all.sort(Comparator.comparing(MemoryRecord::createdAt));
        all.forEach(sink);
        return CompletableFuture.completedFuture((long) all.size());
    }

    @Override
    public CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records) {
        for (MemoryRecord r : records) {
            if (!r.scope().equals(scope)) {
                return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.SCOPE_VIOLATION,
                        "record " + r.id() + " belongs to " + r.scope(), null));
            }
        }
        long n = records.stream().filter(r -> of(scope).putIfAbsent(r.id(), r) == null).count();
        return CompletableFuture.completedFuture(n);
    }
}
