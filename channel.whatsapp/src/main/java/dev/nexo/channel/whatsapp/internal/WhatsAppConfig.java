package dev.nexo.channel.whatsapp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One WhatsApp account (a Cloud API phone-number id), as the core maps it from
 * {@code plugins/whatsapp.yaml}: nested YAML keys become dotted names ({@code cloud.app_secret}),
 * which DS spells with {@code _} for {@code .} and {@code __} for {@code _}.
 */
@ObjectClassDefinition(name = "Nexo WhatsApp channel", description = "One WhatsApp Cloud API account: the phone-number id "
        + "it sends from, the webhook it receives on, and its per-account behaviour.")
public @interface WhatsAppConfig {
    /** The factory PID; the configuration name is the instance. */
    String PID = "dev.nexo.channel.whatsapp";

    @AttributeDefinition(name = "Instance", description = "Instance name, a topic token: messages arrive on "
            + "plugin.inbound.whatsapp.<instance> and the webhook lives at /webhooks/whatsapp/<instance>.")
    String instance() default "default";

    @AttributeDefinition(name = "Enabled", description = "When false the account registers nothing.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Phone-number id", description = "The Cloud API phone-number id this account sends "
            + "from; webhook entries for any other number are ignored.")
    String cloud_phone__number__id() default "";

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD,
            description = "System-user access token sent as 'Authorization: Bearer'. Never logged.")
    String cloud_access__token() default "";

    @AttributeDefinition(name = "App secret", type = AttributeType.PASSWORD, description = "Meta app secret that "
            + "signs every webhook POST (X-Hub-Signature-256). Unsigned or mis-signed requests are rejected.")
    String cloud_app__secret() default "";

    @AttributeDefinition(name = "Verify token", type = AttributeType.PASSWORD, description = "Token Meta echoes in "
            + "the webhook verification GET (hub.verify_token); the challenge is answered only when it matches.")
    String cloud_verify__token() default "";

    @AttributeDefinition(name = "Graph API base URL", description = "Base URL of the Graph API; tests point it at a "
            + "local server.")
    String cloud_api__base__url() default "https://graph.facebook.com";

    @AttributeDefinition(name = "Graph API version", description = "Version path segment, e.g. v21.0.")
    String cloud_api__version() default "v21.0";

    @AttributeDefinition(name = "Customer-service window hours", description = "Free-form messages may be sent "
            + "only this many hours after the customer last wrote; outside it only templates are sent.")
    int cloud_window__hours() default 24;

    @AttributeDefinition(name = "Request timeout ms", description = "Timeout of one Graph API request.")
    long cloud_request__timeout__ms() default 15000L;

    @AttributeDefinition(name = "Media directory", description = "Where downloaded media are kept, relative to the "
            + "state root unless absolute.")
    String media__dir() default "./data/media/whatsapp";

    @AttributeDefinition(name = "Download media", description = "Fetch inbound media into the media directory "
            + "before publishing, so agents get a local path; when false only the Cloud media id is published.")
    boolean media__download() default true;

    @AttributeDefinition(name = "Largest media bytes", description = "Inbound media above this size are not "
            + "downloaded (their media id is still published).")
    long media__max__bytes() default 26214400L;

    @AttributeDefinition(name = "Allowed agents", description = "Agents that may publish through this account "
            + "(checked by the core's router); empty means any bound agent.")
    String[] allow__agents() default {};

    @AttributeDefinition(name = "ACL allow-list", description = "Sender numbers (digits, optionally with + or a "
            + "@s.whatsapp.net suffix) whose messages are published. Empty together with the environment variable "
            + "means open.")
    String[] acl_allow__list() default {};

    @AttributeDefinition(name = "ACL environment variable", description = "Name of an environment variable holding "
            + "more comma-separated allowed senders, e.g. WA_AGENT_ALLOW.")
    String acl_from__env() default "";

    @AttributeDefinition(name = "Ignore own messages", description = "Loop guard: never publish messages sent by "
            + "this account itself (echoes of our own sends).")
    boolean behavior_ignore__from__me() default true;

    @AttributeDefinition(name = "Ignore groups", description = "Drop group messages.")
    boolean behavior_ignore__groups() default false;

    @AttributeDefinition(name = "Ignore chat meta", description = "Kept for configuration parity with WhatsApp Web; "
            + "the Cloud API has no muted or archived chats.")
    boolean behavior_ignore__chat__meta() default true;

    @AttributeDefinition(name = "Reply deadline ms", description = "How long an inbound message may wait for an "
            + "answer before a bridge_timeout event is published (0 disables).")
    long bridge_response__timeout__ms() default 30000L;

    @AttributeDefinition(name = "On timeout", description = "What to do when the reply deadline passes.",
            options = { @Option(label = "Nothing but the event", value = "noop"),
                        @Option(label = "Send the apology text", value = "apology_text") })
    String bridge_on__timeout() default "noop";

    @AttributeDefinition(name = "Apology text", description = "Sent when on_timeout is apology_text.")
    String bridge_apology__text() default "Sorry, this is taking longer than expected. Please try again in a moment.";

    @AttributeDefinition(name = "Typing mode", description = "instant marks an inbound message read and shows the "
            + "typing indicator at once; never shows nothing; thinking and message fall back to instant.")
    String typing__mode() default "instant";
}
