package dev.nexo.channel.email.internal.mime;

/**
 * A delivery status notification, as published on {@code email.bounce.<instance>}.
 *
 * @param originalMessageId Message-ID of our message that bounced, or null when the report omits it
 * @param recipient the failed recipient, or null
 * @param statusCode enhanced status code such as {@code 5.1.1}, or null
 * @param action the DSN action ({@code failed}, {@code delayed}, ...), or null
 * @param reason the diagnostic text, or null
 * @param classification {@code permanent} (5.x.x), {@code transient} (4.x.x) or {@code unknown}
 */
public record Bounce(String originalMessageId, String recipient, String statusCode, String action, String reason,
        String classification) {

    /**
     * @param statusCode an enhanced status code, or null
     * @return {@code permanent}, {@code transient} or {@code unknown}
     */
    public static String classify(String statusCode) {
        if (statusCode == null || statusCode.isEmpty()) {
            return "unknown";
        }
        return switch (statusCode.charAt(0)) {
            case '5' -> "permanent";
            case '4' -> "transient";
            default -> "unknown";
        };
    }
}
