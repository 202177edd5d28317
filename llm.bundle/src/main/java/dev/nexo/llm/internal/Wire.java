package dev.nexo.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmStreamListener;
import java.net.http.HttpRequest;

/**
 * One vendor's wire format: where and how to send a request, how to read the answer, the stream
 * and the error body. Implementations are stateless and thread-safe; stream state lives in the
 * {@link StreamDecoder} each call gets.
 */
interface Wire {
    /**
     * @param request the call
     * @param stream whether the answer is to be streamed
     * @return URI and headers (authentication included); the client adds body and timeout
     */
    HttpRequest.Builder request(ChatRequest request, boolean stream);

    /**
     * @param request the call
     * @param stream whether the answer is to be streamed
     * @return the JSON body
     */
    ObjectNode body(ChatRequest request, boolean stream);

    /**
     * @param body a successful non-streamed answer
     * @return the response
     */
    ChatResponse parse(JsonNode body);

    /**
     * @param listener receives deltas
     * @return a decoder for one streamed answer
     */
    StreamDecoder decoder(LlmStreamListener listener);

    /**
     * @param body an error answer's body, possibly not JSON
     * @return the vendor's code and message
     */
    VendorError error(String body);

    /** The vendor's error type/code and message, both possibly empty. */
    record VendorError(String code, String message) {
    }

    /** Turns one streamed answer's SSE events into listener calls and a final response. */
    interface StreamDecoder {
        /**
         * @param event the SSE event type
         * @param data the event's data
         * @throws dev.nexo.api.llm.LlmException when the stream reports an error
         */
        void onEvent(String event, String data);

        /** @return the whole answer, once the stream has ended */
        ChatResponse finish();
    }
}
