package dev.nexo.memory.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;

/**
 * An OpenAI-compatible {@code POST <base_url>/embeddings} client ({@code {model, input[]}} in,
 * {@code data[{index, embedding}]} out): OpenAI, Ollama, LM Studio, self-hosted servers. The key
 * goes in the Authorization header only and never into a message.
 */
final class HttpEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final int dimensions;
    private final Duration timeout;

    HttpEmbedder(String baseUrl, String model, String apiKey, int dimensions, Duration timeout) {
        if (baseUrl == null || baseUrl.isBlank() || model == null || model.isBlank() || dimensions <= 0) {
            throw new IllegalArgumentException("the http embedding provider needs vector.embedding.base_url, model and dimensions");
        }
        this.endpoint = URI.create(baseUrl.endsWith("/") ? baseUrl + "embeddings" : baseUrl + "/embeddings");
        this.model = model;
        this.apiKey = apiKey == null ? "" : apiKey;
        this.dimensions = dimensions;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String modelId() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public CompletionStage<List<float[]>> embed(List<String> texts) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        texts.forEach(body.putArray("input")::add);
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (!apiKey.isEmpty()) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        return client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString())
                .thenCompose(r -> {
                    try {
                        return CompletableFuture.completedFuture(parse(r, texts.size()));
                    } catch (MemoryException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    private List<float[]> parse(HttpResponse<String> r, int expected) {
        if (r.statusCode() == 429) {
            throw new MemoryException(MemoryErrorCode.RATE_LIMITED, "embeddings endpoint throttled the call", null);
        }
        if (r.statusCode() / 100 != 2) {
            throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "embeddings endpoint answered HTTP " + r.statusCode(), null);
        }
        try {
            JsonNode data = JSON.readTree(r.body()).path("data");
            float[][] out = new float[expected][];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode emb = item.path("embedding");
                if (index < 0 || index >= expected || emb.size() != dimensions) {
                    throw new MemoryException(MemoryErrorCode.DIMENSION_MISMATCH, "embeddings endpoint returned index "
                            + index + " with " + emb.size() + " dimensions; configured " + dimensions, null);
                }
                float[] v = new float[dimensions];
                for (int i = 0; i < dimensions; i++) {
                    v[i] = (float) emb.get(i).asDouble();
                }
                out[index] = v;
            }
            List<float[]> list = new ArrayList<>(expected);
            for (float[] v : out) {
                if (v == null) {
                    throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "embeddings endpoint returned too few vectors", null);
                }
                list.add(v);
            }
            return list;
        } catch (java.io.IOException e) {
            throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "embeddings endpoint returned malformed JSON", e);
        }
    }
}
