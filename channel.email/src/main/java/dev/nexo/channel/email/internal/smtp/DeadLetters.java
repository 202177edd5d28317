package dev.nexo.channel.email.internal.smtp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.message.OutboundMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The outbound dead-letter list, {@code <outbound_queue_dir>/<instance>.dlq.jsonl}: one JSON line
 * per message that failed permanently or ran out of attempts. Appended only; never purged by the
 * channel (an operator inspects and clears it).
 */
public final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    /** @param file the JSONL file */
    public DeadLetters(Path file) {
        this.file = file;
    }

    /**
     * @param message the message that could not be sent
     * @param messageId the Message-ID it was given, or null
     * @param attempts attempts made
     * @param reason why it failed
     * @param at when
     */
    public synchronized void add(OutboundMessage message, String messageId, int attempts, String reason, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", at.toString());
        n.put("channel", message.channel().toString());
        n.put("to", message.recipient());
        n.put("message_id", messageId);
        n.put("correlation_id", message.correlationId().orElse(null));
        n.put("reply_to", message.replyToMessageId().orElse(null));
        n.put("subject", message.extra().get(Composer.SUBJECT));
        n.put("text", message.text());
        n.put("attempts", attempts);
        n.put("reason", reason);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to dead-letter list " + file, e);
        }
    }

    /** @return the lines of the list, oldest first */
    public synchronized List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
