package dev.nexo.api.memory;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An embedding model (local ONNX, an HTTP embeddings endpoint), registered with the {@link #MODEL}
 * property. A vector store refuses to start when its stored dimensions differ from
 * {@link #dimensions()}.
 */
@ConsumerType
public interface Embedder {
    /** Service property with the model id, e.g. {@code all-minilm-l6-v2}. */
    String MODEL = "nexo.embedder.model";

    /** @return the model id; equal to the {@link #MODEL} property */
    String modelId();

    /** @return the length of every vector this model produces */
    int dimensions();

    /**
     * @param texts the texts, in order
     * @return one vector of {@link #dimensions()} floats per text, in the same order; the arrays
     *     belong to the caller
     */
    CompletionStage<List<float[]>> embed(List<String> texts);
}
