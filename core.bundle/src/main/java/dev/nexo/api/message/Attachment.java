package dev.nexo.api.message;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A media item or file on a message, inbound or outbound.
 *
 * <p>It must be locatable: at least one of {@link #remoteId()} (a channel-side handle such as a
 * Telegram {@code file_id}), {@link #localPath()} (a file the channel downloaded, or one to upload)
 * or {@link #url()} is set. Dimensions and duration are present only where the channel reports them.
 */
public final class Attachment {
    private final MediaKind kind;
    private final String mimeType;
    private final long sizeBytes;
    private final String fileName;
    private final String remoteId;
    private final String localPath;
    private final String url;
    private final int width;
    private final int height;
    private final Duration duration;
    private final String caption;
    private final String sha256;

    private Attachment(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "attachment kind");
        if (b.remoteId == null && b.localPath == null && b.url == null) {
            throw new IllegalArgumentException("attachment needs a remote id, a local path or a url");
        }
        this.mimeType = b.mimeType;
        this.sizeBytes = b.sizeBytes;
        this.fileName = b.fileName;
        this.remoteId = b.remoteId;
        this.localPath = b.localPath;
        this.url = b.url;
        this.width = b.width;
        this.height = b.height;
        this.duration = b.duration;
        this.caption = b.caption;
        this.sha256 = b.sha256;
    }

    /** @return a new builder for an attachment of this kind */
    public static Builder builder(MediaKind kind) {
        return new Builder(kind);
    }

    /** @return the media kind */
    public MediaKind kind() {
        return kind;
    }

    /** @return the MIME type, e.g. {@code audio/ogg} */
    public Optional<String> mimeType() {
        return Optional.ofNullable(mimeType);
    }

    /** @return size in bytes, when known */
    public OptionalLong sizeBytes() {
        return sizeBytes < 0 ? OptionalLong.empty() : OptionalLong.of(sizeBytes);
    }

    /** @return original file name, when known */
    public Optional<String> fileName() {
        return Optional.ofNullable(fileName);
    }

    /** @return channel-side handle (Telegram {@code file_id}, WhatsApp media id) */
    public Optional<String> remoteId() {
        return Optional.ofNullable(remoteId);
    }

    /** @return path of a local copy, relative to the Nexo data area or absolute */
    public Optional<String> localPath() {
        return Optional.ofNullable(localPath);
    }

    /** @return a URL the content can be fetched from */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** @return width in pixels, for images and video */
    public OptionalInt width() {
        return width < 0 ? OptionalInt.empty() : OptionalInt.of(width);
    }

    /** @return height in pixels, for images and video */
    public OptionalInt height() {
        return height < 0 ? OptionalInt.empty() : OptionalInt.of(height);
    }

    /** @return play length, for audio, voice and video */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** @return caption shown with the media */
    public Optional<String> caption() {
        return Optional.ofNullable(caption);
    }

    /** @return hex SHA-256 of the content, when the channel computed it (email) */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attachment)) {
            return false;
        }
        Attachment a = (Attachment) o;
        return kind == a.kind && sizeBytes == a.sizeBytes && width == a.width && height == a.height
                && Objects.equals(mimeType, a.mimeType) && Objects.equals(fileName, a.fileName)
                && Objects.equals(remoteId, a.remoteId) && Objects.equals(localPath, a.localPath)
                && Objects.equals(url, a.url) && Objects.equals(duration, a.duration)
                && Objects.equals(caption, a.caption) && Objects.equals(sha256, a.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, remoteId, localPath, url);
    }

    @Override
    public String toString() {
        return "Attachment[" + kind.wireName() + (mimeType == null ? "" : ", " + mimeType)
                + (fileName == null ? "" : ", " + fileName) + ']';
    }

    /** Collects the fields of an {@link Attachment}. */
    public static final class Builder {
        private final MediaKind kind;
        private String mimeType;
        // -1 marks "unknown" for the numeric fields; setters reject negative input outright.
        private long sizeBytes = -1;
        private String fileName;
        private String remoteId;
        private String localPath;
        private String url;
        private int width = -1;
        private int height = -1;
        private Duration duration;
        private String caption;
        private String sha256;

        private Builder(MediaKind kind) {
            this.kind = kind;
        }

        /** @param mimeType MIME type or null */
        public Builder mimeType(String mimeType) {
            this.mimeType = mimeType;
            return this;
        }

        /** @param sizeBytes size in bytes, at least 0 */
        public Builder sizeBytes(long sizeBytes) {
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("attachment size must not be negative: " + sizeBytes);
            }
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** @param fileName file name or null */
        public Builder fileName(String fileName) {
            this.fileName = fileName;
            return this;
        }

        /** @param remoteId channel-side handle or null */
        public Builder remoteId(String remoteId) {
            this.remoteId = remoteId;
            return this;
        }

        /** @param localPath local file path or null */
        public Builder localPath(String localPath) {
            this.localPath = localPath;
            return this;
        }

        /** @param url fetchable URL or null */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * @param width width in pixels, positive
         * @param height height in pixels, positive
         */
        public Builder dimensions(int width, int height) {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("attachment dimensions must be positive: " + width + "x" + height);
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /** @param duration play length or null */
        public Builder duration(Duration duration) {
            if (duration != null && duration.isNegative()) {
                throw new IllegalArgumentException("attachment duration must not be negative: " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** @param caption caption or null */
        public Builder caption(String caption) {
            this.caption = caption;
            return this;
        }

        /** @param sha256 hex SHA-256 or null */
        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /**
         * @return the attachment
         * @throws IllegalArgumentException if it cannot be located or has invalid sizes
         */
        public Attachment build() {
            return new Attachment(this);
        }
    }
}
