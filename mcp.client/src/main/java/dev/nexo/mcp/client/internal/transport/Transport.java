package dev.nexo.mcp.client.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to an MCP server that carries JSON-RPC 2.0 messages both ways. Implementations
 * never block the caller of {@link #send}; what the server sends (responses, requests,
 * notifications) reaches the {@link Listener} on the transport's own threads.
 */
public interface Transport {
    /** Receives what the server sends, and the end of the connection. */
    interface Listener {
        /** @param message one JSON-RPC message object */
        void onMessage(JsonNode message);

        /** @param reason why the connection ended without {@link Transport#close()} being called */
        void onClosed(String reason);
    }

    /**
     * Opens the connection (spawns the process, or prepares the HTTP client).
     *
     * @throws IOException when it cannot be opened
     */
    void start(Listener listener) throws IOException;

    /**
     * Sends one message.
     *
     * @return completes once handed over; fails when the message could not be delivered (the
     *         caller then fails the request it carried)
     */
    CompletableFuture<Void> send(JsonNode message);

    /** A short description for health and logs, never containing secrets. */
    String describe();

    /** Ends the connection: waits up to the grace period, then forces it; idempotent. */
    void close();
}
