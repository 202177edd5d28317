package dev.nexo.channel.email.internal.mime;

import java.time.Instant;
import java.util.List;

/**
 * One inbound mail, parsed for an agent.
 *
 * @param messageId the Message-ID header, with angle brackets
 * @param fromAddress sender address, lower case
 * @param fromName sender display name, or null
 * @param to To addresses
 * @param cc Cc addresses
 * @param subject subject, empty when none
 * @param inReplyTo the In-Reply-To message id, or null
 * @param references the References message ids, oldest first
 * @param sentAt the Date header, or null
 * @param text body text for the agent: plain preferred, else converted HTML; quotes and signature trimmed; capped
 * @param bodyTruncated whether the text was cut at the body cap
 * @param hasHtml whether the message had an HTML body
 * @param attachments stored attachments
 */
public record ParsedMail(String messageId, String fromAddress, String fromName, List<String> to, List<String> cc,
        String subject, String inReplyTo, List<String> references, Instant sentAt, String text,
        boolean bodyTruncated, boolean hasHtml, List<StoredAttachment> attachments) {

    /**
     * An attachment written to the attachments directory.
     *
     * @param fileName the file name the sender gave, or a generated one
     * @param mimeType the base MIME type, e.g. {@code application/pdf}
     * @param sizeBytes the full size as sent
     * @param sha256 hex SHA-256 of the stored bytes
     * @param localPath where the (possibly truncated) bytes are stored
     * @param truncated whether only the first {@code max_attachment_bytes} were stored
     * @param disposition {@code attachment} or {@code inline}
     */
    public record StoredAttachment(String fileName, String mimeType, long sizeBytes, String sha256, String localPath,
            boolean truncated, String disposition) {
    }
}
