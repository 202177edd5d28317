package dev.nexo.mcp.client.internal.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} (the WHATWG format the MCP Streamable HTTP transport uses):
 * {@code data:} lines are joined with newlines until a blank line ends the event; comments
 * ({@code :}) and the {@code id}/{@code event}/{@code retry} fields are ignored, since every MCP
 * event carries one JSON-RPC message.
 */
final class SseReader {
    private SseReader() {
    }

    static void read(BufferedReader in, Consumer<String> onData) throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    onData.accept(data.toString());
                    data = null;
                }
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data != null) {
            onData.accept(data.toString());
        }
    }
}
