package dev.nexo.memory.embed.minilm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The BERT uncased tokenizer all-MiniLM-L6-v2 was trained with (clean text, lower case, strip
 * accents, split on whitespace and punctuation, greedy longest-match WordPiece), read from the
 * model's {@code tokenizer.json}. Written here instead of pulling DJL's native Rust tokenizer,
 * JNA and their native extraction into the bundle.
 */
final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final int cls;
    private final int sep;
    private final int unk;
    private final int maxTokens;

    WordPieceTokenizer(Map<String, Integer> vocab, int maxTokens) {
        this.vocab = vocab;
        this.cls = id(vocab, "[CLS]");
        this.sep = id(vocab, "[SEP]");
        this.unk = id(vocab, "[UNK]");
        this.maxTokens = maxTokens;
    }

    private static int id(Map<String, Integer> vocab, String token) {
        Integer i = vocab.get(token);
        if (i == null) {
            throw new IllegalArgumentException("vocabulary has no " + token);
        }
        return i;
    }

    /** Reads {@code model.vocab} of a Hugging Face {@code tokenizer.json}. */
    static WordPieceTokenizer read(InputStream tokenizerJson, int maxTokens) throws IOException {
        JsonNode vocabNode = new ObjectMapper().readTree(tokenizerJson).path("model").path("vocab");
        if (!vocabNode.isObject()) {
            throw new IOException("tokenizer.json has no model.vocab object");
        }
        Map<String, Integer> vocab = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        return new WordPieceTokenizer(vocab, maxTokens);
    }

    /** @return {@code [CLS] pieces… [SEP]}, truncated to the model's maximum length */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(cls);
        for (String word : basicTokens(text)) {
            wordPiece(word, ids);
            if (ids.size() >= maxTokens - 1) {
                break;
            }
        }
        List<Integer> cut = ids.subList(0, Math.min(ids.size(), maxTokens - 1));
        long[] out = new long[cut.size() + 1];
        for (int i = 0; i < cut.size(); i++) {
            out[i] = cut.get(i);
        }
        out[out.length - 1] = sep;
        return out;
    }

    /** Clean, lower-case, strip accents, split on whitespace and punctuation (BertNormalizer + BertPreTokenizer). */
    static List<String> basicTokens(String text) {
        String t = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp)
                    && !Character.isWhitespace(cp))) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(cur, out);
            } else if (isPunctuation(cp) || isCjk(cp)) {
                flush(cur, out);
                out.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Greedy longest-match-first WordPiece; a word with no segmentation becomes [UNK]. */
    private void wordPiece(String word, List<Integer> ids) {
        if (word.length() > 100) {
            ids.add(unk);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
                end--;
            }
            if (found == null) {
                ids.add(unk);
                return;
            }
            pieces.add(found);
            start = end;
        }
        ids.addAll(pieces);
    }
}
