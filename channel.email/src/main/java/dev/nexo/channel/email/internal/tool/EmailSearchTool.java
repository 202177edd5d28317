package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.channel.email.internal.Mailbox;
import dev.nexo.channel.email.internal.imap.MailboxOps;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/**
 * {@code email_search}: the seed's portable JSON query ({@code from}, {@code to}, {@code subject},
 * {@code body}, {@code since}, {@code before}, {@code unseen}/{@code seen}) mapped to IMAP SEARCH;
 * default 50 results, at most 200, newest first.
 */
@Component(service = Tool.class, property = Tool.NAME + "=" + EmailSearchTool.NAME)
public final class EmailSearchTool extends MailboxTool {
    static final String NAME = "email_search";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Search this agent's mailbox. Dates are YYYY-MM-DD. Returns uid, message_id, from, subject, date.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},\"folder\":{\"type\":\"string\"},"
                    + "\"query\":{\"type\":\"object\",\"properties\":{\"from\":{\"type\":\"string\"},"
                    + "\"to\":{\"type\":\"string\"},\"subject\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},"
                    + "\"since\":{\"type\":\"string\"},\"before\":{\"type\":\"string\"},\"unseen\":{\"type\":\"boolean\"},"
                    + "\"seen\":{\"type\":\"boolean\"}}},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":200}}}",
            Sensitivity.READ);

    public EmailSearchTool() {
        super(DESCRIPTOR);
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return ToolSupport.guarded(() -> {
            JsonNode args = ToolSupport.args(arguments);
            String instance = ToolSupport.instance(args, context);
            Mailbox mailbox = ToolSupport.require(channels, instance);
            MailboxOps.Query q = query(args);
            return mailbox.ops().search(q).handle((hits, e) -> {
                if (e != null) {
                    return ToolSupport.failure(e);
                }
                ArrayNode list = ToolSupport.JSON.createArrayNode();
                for (MailboxOps.Hit h : hits) {
                    list.addObject().put("uid", h.uid()).put("message_id", h.messageId()).put("from", h.from())
                            .put("subject", h.subject()).put("date", h.date());
                }
                ObjectNode out = ToolSupport.JSON.createObjectNode();
                out.set("results", list);
                return ToolSupport.ok(out);
            });
        });
    }

    static MailboxOps.Query query(JsonNode args) {
        JsonNode q = args.path("query");
        Boolean seen = null;
        if (q.has("unseen")) {
            seen = !q.get("unseen").asBoolean();
        }
        if (q.has("seen")) {
            seen = q.get("seen").asBoolean();
        }
        return new MailboxOps.Query(ToolSupport.text(args, "folder", false), ToolSupport.text(q, "from", false),
                ToolSupport.text(q, "to", false), ToolSupport.text(q, "subject", false),
                ToolSupport.text(q, "body", false), date(q, "since"), date(q, "before"), seen,
                args.path("limit").asInt(MailboxOps.DEFAULT_LIMIT));
    }

    private static LocalDate date(JsonNode q, String field) {
        String v = ToolSupport.text(q, field, false);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, field + " must be YYYY-MM-DD");
        }
    }
}
