package dev.nexo.api.message;

/**
 * How the channel should interpret outbound text. A channel that cannot render a format sends the
 * text as {@link #PLAIN} rather than failing.
 */
public enum TextFormat {
    /** Literal text, nothing interpreted. */
    PLAIN,
    /** Markdown (Telegram MarkdownV2, WhatsApp's bold/italic subset). */
    MARKDOWN,
    /** HTML (Telegram HTML parse mode, HTML email body). */
    HTML
}
