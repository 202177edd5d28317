package dev.nexo.api.message;

import java.util.Locale;

/** What an attachment is, as far as an agent cares. */
public enum MediaKind {
    /** A still image. */
    PHOTO,
    /** A video clip. */
    VIDEO,
    /** A music or audio file. */
    AUDIO,
    /** A recorded voice note; candidates for transcription. */
    VOICE,
    /** Any other file: PDF, spreadsheet, archive, email attachment. */
    DOCUMENT,
    /** A sticker or animated emoji. */
    STICKER;

    /** @return the lower-case wire name, e.g. {@code voice} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a wire name; {@code image} is read as {@link #PHOTO}, unknown names as {@link #DOCUMENT}
     * @return the media kind, never null
     */
    public static MediaKind fromWire(String wire) {
        if ("image".equals(wire)) {
            return PHOTO;
        }
        for (MediaKind k : values()) {
            if (k.wireName().equals(wire)) {
                return k;
            }
        }
        return DOCUMENT;
    }
}
