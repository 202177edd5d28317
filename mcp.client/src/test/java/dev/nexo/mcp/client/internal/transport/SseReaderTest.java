package dev.nexo.mcp.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    @Test
    void joinsDataLinesPerEventAndIgnoresCommentsAndOtherFields() throws Exception {
        String stream = ": keep-alive\nevent: message\nid: 7\ndata: {\"a\":\ndata: 1}\n\nretry: 10\ndata:{\"b\":2}\n\ndata: {\"c\":3}";
        List<String> events = new ArrayList<>();

        SseReader.read(new BufferedReader(new StringReader(stream)), events::add);

        assertEquals(List.of("{\"a\":\n1}", "{\"b\":2}", "{\"c\":3}"), events);
    }
}
