package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.message.Attachment;

class MediaDownloadTest {
    static final byte[] JPEG = "\u00ff\u00d8\u00ff\u00e0 fake jpeg".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path state;

    static String image(String id, String mediaId) {
        return Webhooks.message(id, "image", "\"image\":{\"mime_type\":\"image/jpeg\",\"sha256\":\"x\",\"id\":\"" + mediaId + "\"}");
    }

    @Test
    void inboundMediaIsDownloadedIntoTheMediaDirBeforePublishing() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never"))) {
            h.graph.media.put("MEDIA1", JPEG);
            assertEquals(200, h.post(Webhooks.messages(image("wamid.M1", "MEDIA1"))).status());
            Attachment a = h.gateway.inbound.get(0).attachments().get(0);
            Path file = Path.of(a.localPath().orElseThrow());
            assertEquals(state.resolve("data/media/whatsapp/personal/wamid.M1.jpg").toAbsolutePath(), file);
            assertArrayEquals(JPEG, Files.readAllBytes(file));
            assertEquals(JPEG.length, a.sizeBytes().getAsLong());
            assertEquals(FakeGraphApi.sha256(JPEG), a.sha256().orElseThrow());
            assertEquals("MEDIA1", a.remoteId().orElseThrow());
            FakeGraphApi.Request download = h.graph.requests.stream().filter(r -> r.path().startsWith("/lookaside/"))
                    .findFirst().orElseThrow();
            assertEquals("Bearer " + FakeGraphApi.TOKEN, download.headers().getFirst("Authorization"));
        }
    }

    @Test
    void aWrongHashOrAnOversizedFileIsPublishedWithTheMediaIdOnly() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never", "media__max__bytes", 1024L))) {
            h.graph.media.put("BAD", JPEG);
            h.graph.mediaSha.put("BAD", "00".repeat(32));
            h.graph.media.put("BIG", new byte[4096]);
            h.post(Webhooks.messages(image("wamid.B1", "BAD"), image("wamid.B2", "BIG"), image("wamid.B3", "MISSING")));
            assertEquals(3, h.gateway.inbound.size());
            h.gateway.inbound.forEach(m -> assertTrue(m.attachments().get(0).localPath().isEmpty(), m.toString()));
            assertEquals("BIG", h.gateway.inbound.get(1).attachments().get(0).remoteId().orElseThrow());
            assertTrue(h.graph.requests.stream().noneMatch(r -> r.path().equals("/lookaside/BIG")), "an oversized file is not fetched");
        }
    }

    @Test
    void downloadCanBeSwitchedOff() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never", "media__download", false))) {
            h.graph.media.put("MEDIA1", JPEG);
            h.post(Webhooks.messages(image("wamid.O1", "MEDIA1")));
            assertTrue(h.gateway.inbound.get(0).attachments().get(0).localPath().isEmpty());
            assertTrue(h.graph.requests.isEmpty());
        }
    }
}
