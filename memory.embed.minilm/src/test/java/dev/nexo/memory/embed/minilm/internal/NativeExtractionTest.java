package dev.nexo.memory.embed.minilm.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeExtractionTest {
    @Test
    void extractsThisPlatformsLibrariesAndRemovesEarlierRevisionsFolders(@TempDir Path root) throws Exception {
        Path old = Files.createDirectories(root.resolve("onnxruntime-7-111"));
        Files.writeString(old.resolve("libonnxruntime.so"), "stale");
        Path current = root.resolve("onnxruntime-8-222");
        assertTrue(MiniLmEmbedder.extractNatives(current), "the test class path has ONNX Runtime's native libraries");
        assertTrue(Files.size(current.resolve("libonnxruntime.so")) > 1_000_000);
        assertTrue(Files.exists(current.resolve("libonnxruntime4j_jni.so")));
        assertFalse(Files.exists(old), "an earlier revision's folder is removed");
    }
}
