package dev.nexo.channel.email.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The effective settings of one mailbox: the typed configuration with paths resolved against the
 * state root. Built from {@link EmailConfig} at runtime and directly by tests. {@link #toString()}
 * never shows a secret.
 */
public final class Settings {
    public final String instance;
    public final String address;
    public final String imapHost;
    public final int imapPort;
    public final Tls imapTls;
    public final boolean imapIdle;
    public final String smtpHost;
    public final int smtpPort;
    public final Tls smtpTls;
    public final boolean xoauth2;
    public final String username;
    final String secret;
    public final String inboxFolder;
    public final String archiveFolder;
    public final AfterProcessing afterProcessing;
    public final List<String> allowlist;
    public final List<String> denylist;
    public final long maxBodyBytes;
    public final long maxAttachmentBytes;
    public final Path attachmentsDir;
    public final Path stateDir;
    public final Path deadLetterFile;
    public final Duration pollInterval;
    public final Duration idleReissue;
    public final boolean guardAutoSubmitted;
    public final boolean guardListHeaders;
    public final boolean guardSelfFrom;
    public final int perSenderPerHour;
    public final int maxSendAttempts;
    public final Duration retryBase;
    public final Duration retryCap;
    public final Duration reconnectBase;
    public final Duration reconnectCap;
    public final boolean insecureTls;

    private Settings(Builder b) {
        instance = Objects.requireNonNull(b.instance, "instance");
        address = Objects.requireNonNull(b.address, "address").trim().toLowerCase(Locale.ROOT);
        imapHost = b.imapHost;
        imapTls = b.imapTls;
        imapPort = b.imapPort > 0 ? b.imapPort : imapTls == Tls.IMPLICIT_TLS ? 993 : 143;
        imapIdle = b.imapIdle;
        smtpHost = b.smtpHost;
        smtpTls = b.smtpTls;
        smtpPort = b.smtpPort > 0 ? b.smtpPort : smtpTls == Tls.IMPLICIT_TLS ? 465 : 587;
        xoauth2 = b.xoauth2;
        username = b.username == null || b.username.isBlank() ? address : b.username;
        secret = b.secret == null ? "" : b.secret;
        inboxFolder = b.inboxFolder;
        archiveFolder = b.archiveFolder;
        afterProcessing = b.afterProcessing;
        allowlist = List.copyOf(b.allowlist);
        denylist = List.copyOf(b.denylist);
        maxBodyBytes = b.maxBodyBytes;
        maxAttachmentBytes = b.maxAttachmentBytes;
        stateDir = Objects.requireNonNull(b.stateDir, "stateDir");
        attachmentsDir = b.attachmentsDir == null ? stateDir.resolve("attachments") : b.attachmentsDir;
        deadLetterFile = b.deadLetterFile == null ? stateDir.resolve(instance + ".dlq.jsonl") : b.deadLetterFile;
        pollInterval = b.pollInterval;
        idleReissue = b.idleReissue;
        guardAutoSubmitted = b.guardAutoSubmitted;
        guardListHeaders = b.guardListHeaders;
        guardSelfFrom = b.guardSelfFrom;
        perSenderPerHour = b.perSenderPerHour;
        maxSendAttempts = b.maxSendAttempts;
        retryBase = b.retryBase;
        retryCap = b.retryCap;
        reconnectBase = b.reconnectBase;
        reconnectCap = b.reconnectCap;
        insecureTls = b.insecureTls;
    }

    /**
     * @param config the typed configuration
     * @param stateRoot the Nexo state root
     * @param insecureTls whether {@code EMAIL_INSECURE_TLS=1} is set
     * @return the settings
     */
    public static Settings from(EmailConfig config, Path stateRoot, boolean insecureTls) {
        String inst = config.instance();
        boolean oauth = "oauth2_static".equals(config.auth_kind());
        return builder(inst, config.address(), stateRoot.resolve("data").resolve("email").resolve(inst))
                .imap(config.imap_host(), config.imap_port(), Tls.of(config.imap_tls()))
                .imapIdle(config.imap_idle())
                .smtp(config.smtp_host(), config.smtp_port(), Tls.of(config.smtp_tls()))
                .login(config.auth_username(), oauth ? config.auth_access__token() : config.auth_password(), oauth)
                .folders(config.folders_inbox(), config.folders_archive())
                .afterProcessing(AfterProcessing.of(config.after__processing()))
                .filters(List.of(config.filters_from__allowlist()), List.of(config.filters_from__denylist()))
                .limits(config.max__body__bytes(), config.max__attachment__bytes())
                .attachmentsDir(stateRoot.resolve(config.attachments__dir()))
                .deadLetterFile(stateRoot.resolve(config.outbound__queue__dir()).resolve(inst + ".dlq.jsonl"))
                .pollInterval(Duration.ofSeconds(Math.max(1, config.poll__fallback__seconds())))
                .idleReissue(Duration.ofMinutes(Math.max(1, Math.min(28, config.idle__reissue__minutes()))))
                .guards(config.loop__prevention_auto__submitted(), config.loop__prevention_list__headers(),
                        config.loop__prevention_self__from())
                .perSenderPerHour(config.rate__limit_per__sender__per__hour())
                .insecureTls(insecureTls)
                .build();
    }

    /** @return the login secret (password or token); never log it */
    public String secret() {
        return secret;
    }

    /** @return the domain of the mailbox address, for Message-IDs */
    public String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }

    /**
     * @param instance instance name
     * @param address mailbox address
     * @param stateDir this mailbox's state directory (cursor, thread index)
     * @return a builder with the seed's defaults
     */
    public static Builder builder(String instance, String address, Path stateDir) {
        Builder b = new Builder();
        b.instance = instance;
        b.address = address;
        b.stateDir = stateDir;
        return b;
    }

    @Override
    public String toString() {
        return "Settings[" + instance + ", " + address + ", imap=" + imapHost + ':' + imapPort + '/' + imapTls
                + ", smtp=" + smtpHost + ':' + smtpPort + '/' + smtpTls + ", user=" + username + ", secret=***]";
    }

    /** Collects settings; defaults are the seed's. */
    public static final class Builder {
        private String instance;
        private String address;
        private String imapHost = "";
        private int imapPort;
        private Tls imapTls = Tls.IMPLICIT_TLS;
        private boolean imapIdle = true;
        private String smtpHost = "";
        private int smtpPort;
        private Tls smtpTls = Tls.STARTTLS;
        private boolean xoauth2;
        private String username;
        private String secret;
        private String inboxFolder = "INBOX";
        private String archiveFolder = "Archive";
        private AfterProcessing afterProcessing = AfterProcessing.SEEN;
        private List<String> allowlist = List.of();
        private List<String> denylist = List.of();
        private long maxBodyBytes = 32768;
        private long maxAttachmentBytes = 26_214_400;
        private Path stateDir;
        private Path attachmentsDir;
        private Path deadLetterFile;
        private Duration pollInterval = Duration.ofSeconds(60);
        private Duration idleReissue = Duration.ofMinutes(28);
        private boolean guardAutoSubmitted = true;
        private boolean guardListHeaders = true;
        private boolean guardSelfFrom = true;
        private int perSenderPerHour = 30;
        private int maxSendAttempts = 5;
        private Duration retryBase = Duration.ofSeconds(2);
        private Duration retryCap = Duration.ofMinutes(2);
        private Duration reconnectBase = Duration.ofSeconds(1);
        private Duration reconnectCap = Duration.ofSeconds(60);
        private boolean insecureTls;

        private Builder() {
        }

        public Builder imap(String host, int port, Tls tls) {
            imapHost = host;
            imapPort = port;
            imapTls = tls;
            return this;
        }

        public Builder imapIdle(boolean idle) {
            imapIdle = idle;
            return this;
        }

        public Builder smtp(String host, int port, Tls tls) {
            smtpHost = host;
            smtpPort = port;
            smtpTls = tls;
            return this;
        }

        public Builder login(String user, String secretValue, boolean oauth) {
            username = user;
            secret = secretValue;
            xoauth2 = oauth;
            return this;
        }

        public Builder folders(String inbox, String archive) {
            inboxFolder = inbox;
            archiveFolder = archive;
            return this;
        }

        public Builder afterProcessing(AfterProcessing value) {
            afterProcessing = value;
            return this;
        }

        public Builder filters(List<String> allow, List<String> deny) {
            allowlist = allow;
            denylist = deny;
            return this;
        }

        public Builder limits(long bodyBytes, long attachmentBytes) {
            maxBodyBytes = bodyBytes;
            maxAttachmentBytes = attachmentBytes;
            return this;
        }

        public Builder attachmentsDir(Path dir) {
            attachmentsDir = dir;
            return this;
        }

        public Builder deadLetterFile(Path file) {
            deadLetterFile = file;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            pollInterval = interval;
            return this;
        }

        public Builder idleReissue(Duration reissue) {
            idleReissue = reissue;
            return this;
        }

        public Builder guards(boolean autoSubmitted, boolean listHeaders, boolean selfFrom) {
            guardAutoSubmitted = autoSubmitted;
            guardListHeaders = listHeaders;
            guardSelfFrom = selfFrom;
            return this;
        }

        public Builder perSenderPerHour(int limit) {
            perSenderPerHour = limit;
            return this;
        }

        public Builder retry(int attempts, Duration base, Duration cap) {
            maxSendAttempts = attempts;
            retryBase = base;
            retryCap = cap;
            return this;
        }

        public Builder reconnect(Duration base, Duration cap) {
            reconnectBase = base;
            reconnectCap = cap;
            return this;
        }

        public Builder insecureTls(boolean insecure) {
            insecureTls = insecure;
            return this;
        }

        public Settings build() {
            return new Settings(this);
        }
    }
}
