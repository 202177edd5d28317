package dev.nexo.channel.webchat.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /admin/api/webchat/messages}: the console's chat panel. Behind the admin key like every
 * admin resource: only the operator chats here.
 */
@Component(service = WebChatResource.class)
@JaxrsResource
@JaxrsExtensionSelect("(osgi.jaxrs.name=nexo.admin.auth)")
@JaxrsName("nexo.admin.webchat")
@JSONRequired
@Path("/admin/api/webchat")
@Produces(MediaType.APPLICATION_JSON)
public class WebChatResource {
    private static final Pattern CHAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TEXT = 8192;

    /** What the page posts. */
    public static class Say {
        public String chat;
        public String text;
    }

    private final WebChatChannel channel;

    @Activate
    public WebChatResource(@Reference WebChatChannel channel) {
        this.channel = channel;
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response say(Say body) {
        if (body == null || body.chat == null || !CHAT.matcher(body.chat).matches()) {
            return error(400, "invalid_chat", "chat must be 1..64 characters of [A-Za-z0-9_-]");
        }
        if (body.text == null || body.text.isBlank() || body.text.length() > MAX_TEXT) {
            return error(400, "invalid_text", "text must be 1.." + MAX_TEXT + " characters");
        }
        Conversations.Line line = channel.say(body.chat, body.text.strip()).toCompletableFuture().join();
        return Response.status(201).entity(dto(line)).build();
    }

    @GET
    @Path("messages")
    public Response messages(@QueryParam("chat") String chat, @QueryParam("after") long after) {
        if (chat == null || !CHAT.matcher(chat).matches()) {
            return error(400, "invalid_chat", "chat must be 1..64 characters of [A-Za-z0-9_-]");
        }
        List<Map<String, Object>> lines = channel.conversations().after(chat, after).stream().map(WebChatResource::dto).toList();
        return Response.ok(Map.of("messages", lines)).build();
    }

    private static Map<String, Object> dto(Conversations.Line l) {
        return Map.of("seq", l.seq(), "from", l.from(), "text", l.text(), "at", l.at().toString());
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", code, "message", message)).build();
    }
}
