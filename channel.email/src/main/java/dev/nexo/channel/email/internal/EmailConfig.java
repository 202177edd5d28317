package dev.nexo.channel.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One mailbox: factory PID {@code dev.nexo.channel.email}, one configuration per account of
 * {@code plugins/email.yaml} (the shared {@code email:} settings plus the account's own fields).
 * Method names map to the flattened YAML keys: {@code _} is a dot, {@code __} an underscore.
 */
@ObjectClassDefinition(name = "Nexo email mailbox", description = "One IMAP/SMTP mailbox served as an email channel instance.")
public @interface EmailConfig {
    /** The factory PID the core writes one configuration per account to. */
    String PID = "dev.nexo.channel.email";

    @AttributeDefinition(description = "Instance name, a topic token: plugin.inbound.email.<instance>.")
    String instance();

    @AttributeDefinition(description = "Whether this mailbox is served at all.")
    boolean enabled() default true;

    @AttributeDefinition(description = "The mailbox address; every outbound From is pinned to it.")
    String address();

    @AttributeDefinition(description = "IMAP host.")
    String imap_host() default "";

    @AttributeDefinition(description = "IMAP port; 993 for implicit TLS, 143 otherwise when 0.")
    int imap_port() default 0;

    @AttributeDefinition(description = "IMAP transport security.", options = {
        @Option(value = "implicit_tls"), @Option(value = "starttls"), @Option(value = "plain")})
    String imap_tls() default "implicit_tls";

    @AttributeDefinition(description = "Use IMAP IDLE when the server offers it; otherwise poll.")
    boolean imap_idle() default true;

    @AttributeDefinition(description = "SMTP host.")
    String smtp_host() default "";

    @AttributeDefinition(description = "SMTP port; 465 for implicit TLS, 587 otherwise when 0.")
    int smtp_port() default 0;

    @AttributeDefinition(description = "SMTP transport security.", options = {
        @Option(value = "implicit_tls"), @Option(value = "starttls"), @Option(value = "plain")})
    String smtp_tls() default "starttls";

    @AttributeDefinition(description = "Authentication kind: password, or oauth2_static (XOAUTH2 with access_token).")
    String auth_kind() default "password";

    @AttributeDefinition(description = "Login user name; the address when empty.")
    String auth_username() default "";

    @AttributeDefinition(description = "Password or app password (a secret, never logged).", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String auth_password() default "";

    @AttributeDefinition(description = "OAuth2 access token for oauth2_static (a secret, never logged).", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String auth_access__token() default "";

    @AttributeDefinition(description = "Folder read for inbound mail.")
    String folders_inbox() default "INBOX";

    @AttributeDefinition(description = "Folder email_archive and after_processing=move move messages to.")
    String folders_archive() default "Archive";

    @AttributeDefinition(description = "What to do with a processed message: seen (set \\Seen), move (to the archive folder) or none.",
            options = {@Option(value = "seen"), @Option(value = "move"), @Option(value = "none")})
    String after__processing() default "seen";

    @AttributeDefinition(description = "Senders allowed in (addresses or @domain); empty allows everyone not denied.")
    String[] filters_from__allowlist() default {};

    @AttributeDefinition(description = "Senders always dropped (addresses or @domain).")
    String[] filters_from__denylist() default {};

    @AttributeDefinition(description = "Body text cap in bytes (UTF-8); longer bodies are truncated and flagged.")
    long max__body__bytes() default 32768;

    @AttributeDefinition(description = "Attachment cap in bytes; larger attachments are stored truncated and flagged.")
    long max__attachment__bytes() default 26214400;

    @AttributeDefinition(description = "Where attachments are stored (content-addressed); relative to the state root.")
    String attachments__dir() default "data/email-attachments";

    @AttributeDefinition(description = "Where the outbound dead-letter list <instance>.dlq.jsonl lives; relative to the state root.")
    String outbound__queue__dir() default "data/email-outbound";

    @AttributeDefinition(description = "Polling interval in seconds when IDLE is unavailable.")
    int poll__fallback__seconds() default 60;

    @AttributeDefinition(description = "IDLE is re-issued after this many minutes (RFC 2177 asks for less than 29).")
    int idle__reissue__minutes() default 28;

    @AttributeDefinition(description = "Drop mail whose Auto-Submitted header is anything but 'no' (RFC 3834).")
    boolean loop__prevention_auto__submitted() default true;

    @AttributeDefinition(description = "Drop mailing-list and bulk mail (List-Id, List-Unsubscribe, Precedence).")
    boolean loop__prevention_list__headers() default true;

    @AttributeDefinition(description = "Drop mail From our own address.")
    boolean loop__prevention_self__from() default true;

    @AttributeDefinition(description = "Inbound messages accepted per sender per hour; 0 disables the limit.")
    int rate__limit_per__sender__per__hour() default 30;
}
