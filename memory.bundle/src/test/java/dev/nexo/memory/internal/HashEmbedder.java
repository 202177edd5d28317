package dev.nexo.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nexo.api.memory.Embedder;

/** A deterministic test embedder: words hashed into buckets. Counts the texts it embeds. */
final class HashEmbedder implements Embedder {
    final int dims;
    final AtomicInteger texts = new AtomicInteger();
    volatile boolean fail;

    HashEmbedder(int dims) {
        this.dims = dims;
    }

    @Override
    public String modelId() {
        return "hash-" + dims;
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public CompletionStage<List<float[]>> embed(List<String> in) {
        if (fail) {
            return CompletableFuture.failedFuture(new IllegalStateException("embedder down"));
        }
        texts.addAndGet(in.size());
        List<float[]> out = new ArrayList<>();
        for (String t : in) {
            float[] v = new float[dims];
            for (String w : t.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!w.isEmpty()) {
                    v[Math.floorMod(w.hashCode(), dims)] += 1f;
                }
            }
            v[0] += 0.01f;
            out.add(v);
        }
        return CompletableFuture.completedFuture(out);
    }
}
