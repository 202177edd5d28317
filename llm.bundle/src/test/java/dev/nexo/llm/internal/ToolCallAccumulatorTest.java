package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.ToolCall;
import dev.nexo.test.support.llm.RecordingStreamListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed tool-call assembly the OpenAI and Anthropic decoders share. */
class ToolCallAccumulatorTest {
    private final RecordingStreamListener listener = new RecordingStreamListener();
    private final List<ToolCall> done = new ArrayList<>();
    private final ToolCallAccumulator calls = new ToolCallAccumulator(listener, done);

    @Test
    void interleavedCallsAreAssembledByIndexAndEndedInStartOrder() {
        calls.start(1, "b", "weather");
        calls.start(0, "a", "time");
        calls.append(1, "{\"city\":");
        calls.append(0, "{}");
        calls.append(1, "\"Lima\"}");
        assertTrue(calls.anyOpen());

        calls.endAll();

        assertEquals(List.of(new ToolCall("b", "weather", "{\"city\":\"Lima\"}"), new ToolCall("a", "time", "{}")), done);
        assertEquals(List.of("start:b:weather", "start:a:time", "args:b:{\"city\":", "args:a:{}", "args:b:\"Lima\"}",
                "end:b", "end:a"), listener.events());
        assertFalse(calls.anyOpen());
    }

    @Test
    void aCallWithoutArgumentsGetsAnEmptyObjectAndEndingTwiceAddsItOnce() {
        calls.start(3, "c", "ping");
        assertTrue(calls.isOpen(3));

        calls.end(3);
        calls.end(3);
        calls.endAll();

        assertEquals(List.of(new ToolCall("c", "ping", "{}")), done);
        assertEquals(List.of("start:c:ping", "end:c"), listener.events());
    }
}
