package dev.nexo.memory.embed.minilm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The quantised all-MiniLM-L6-v2 sentence model on ONNX Runtime: token embeddings mean-pooled
 * over the attention mask and normalised to unit length (what sentence-transformers does).
 * {@link #embed} is not thread-safe; the embedder calls it from one thread.
 */
final class MiniLmModel implements AutoCloseable {
    static final String MODEL_ID = "all-minilm-l6-v2-q";
    static final int DIMENSIONS = 384;
    /** The model was trained on up to 256 word pieces; longer text is truncated. */
    static final int MAX_TOKENS = 256;
    static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final Set<String> inputs;

    private MiniLmModel(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer) throws OrtException {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputs = session.getInputNames();
    }

    /** Loads the model and vocabulary from this class's resources (the bundle). */
    static MiniLmModel load() throws IOException, OrtException {
        WordPieceTokenizer tok;
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            tok = WordPieceTokenizer.read(in, MAX_TOKENS);
        }
        byte[] model;
        try (InputStream in = resource(MODEL_RESOURCE)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        // one intra-op thread: embedding runs on a background queue and must not take every core
        opts.setIntraOpNumThreads(1);
        return new MiniLmModel(env, env.createSession(model, opts), tok);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("model resource " + name + " is missing from the bundle");
        }
        return in;
    }

    /** @return the unit-length sentence vector of {@code text} */
    float[] embed(String text) throws OrtException {
        long[] ids = tokenizer.encode(text);
        int n = ids.length;
        long[] mask = new long[n];
        java.util.Arrays.fill(mask, 1L);
        long[] shape = {1, n};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (inputs.contains("token_type_ids")) {
                feed.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n]), shape));
            }
            try (OrtSession.Result out = session.run(feed)) {
                float[][][] hidden = (float[][][]) out.get(0).getValue();
                return meanPoolNormalised(hidden[0], n);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    static float[] meanPoolNormalised(float[][] tokens, int n) {
        int d = tokens[0].length;
        float[] v = new float[d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                v[i] += tokens[t][i];
            }
        }
        double norm = 0;
        for (int i = 0; i < d; i++) {
            v[i] /= n;
            norm += v[i] * v[i];
        }
        float inv = (float) (1.0 / Math.max(1e-12, Math.sqrt(norm)));
        for (int i = 0; i < d; i++) {
            v[i] *= inv;
        }
        return v;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
