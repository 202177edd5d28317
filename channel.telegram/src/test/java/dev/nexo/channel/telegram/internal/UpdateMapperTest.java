package dev.nexo.channel.telegram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.ChatType;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.MediaKind;

/** Bot API updates (as documented) to inbound messages, and the account-level filters. */
class UpdateMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BotIdentity ME = new BotIdentity(999, "nexo_test_bot");
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final UpdateMapper mapper = new UpdateMapper(ChannelRef.of("telegram", "b"), Set.of(), true);

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private InboundMessage map(UpdateMapper m, String update) throws Exception {
        return m.map(json(update), ME, NOW).message().orElseThrow(() -> new AssertionError("dropped"));
    }

    private UpdateMapper.Mapped raw(String update) throws Exception {
        return mapper.map(json(update), ME, NOW);
    }

    private static final String FROM = "'from':{'id':12345,'is_bot':false,'first_name':'J','last_name':'Doe','username':'jdoe'}";
    private static final String PRIVATE = "'chat':{'id':12345,'type':'private','first_name':'J'}";
    private static final String GROUP = "'chat':{'id':-100200300,'type':'supergroup','title':'Sales'}";

    @Test
    void aPrivateTextMessage() throws Exception {
        InboundMessage m = map(mapper, "{'update_id':9001,'message':{'message_id':42,'date':1714000000," + FROM + ","
                + PRIVATE + ",'text':'hi','reply_to_message':{'message_id':41,'date':1," + PRIVATE + "}}}");
        assertEquals("42", m.messageId());
        assertEquals("12345", m.sender().id());
        assertEquals("J Doe", m.sender().displayName().orElseThrow());
        assertEquals("jdoe", m.sender().username().orElseThrow());
        assertEquals(ChatType.PRIVATE, m.chat().type());
        assertEquals("hi", m.text());
        assertEquals("41", m.replyToMessageId().orElseThrow());
        assertEquals(Instant.ofEpochSecond(1714000000), m.sentAt());
        assertEquals("9001", m.extra().get("telegram.update_id"));
        assertEquals("message", m.extra().get("telegram.kind"));
    }

    @Test
    void commandsCaptionsPhotosDocumentsVoiceAndLocations() throws Exception {
        InboundMessage cmd = map(mapper, "{'update_id':1,'message':{'message_id':1,'date':1," + FROM + "," + PRIVATE
                + ",'text':'/start@nexo_test_bot now','entities':[{'type':'bot_command','offset':0,'length':20}]}}");
        assertEquals("/start", cmd.extra().get("telegram.command"));

        InboundMessage photo = map(mapper, "{'update_id':2,'message':{'message_id':2,'date':1," + FROM + "," + PRIVATE
                + ",'caption':'look','photo':[{'file_id':'small','file_unique_id':'s','width':90,'height':60},"
                + "{'file_id':'big','file_unique_id':'b','width':1280,'height':853,'file_size':70000}]}}");
        assertEquals("look", photo.text());
        Attachment p = photo.attachments().get(0);
        assertEquals(MediaKind.PHOTO, p.kind());
        assertEquals("big", p.remoteId().orElseThrow(), "the largest size");
        assertEquals(1280, p.width().getAsInt());

        InboundMessage doc = map(mapper, "{'update_id':3,'message':{'message_id':3,'date':1," + FROM + "," + PRIVATE
                + ",'document':{'file_id':'D','file_unique_id':'d','file_name':'a.pdf','mime_type':'application/pdf','file_size':10}}}");
        assertEquals("a.pdf", doc.attachments().get(0).fileName().orElseThrow());
        assertEquals("application/pdf", doc.attachments().get(0).mimeType().orElseThrow());

        InboundMessage voice = map(mapper, "{'update_id':4,'message':{'message_id':4,'date':1," + FROM + "," + PRIVATE
                + ",'voice':{'file_id':'V','file_unique_id':'v','duration':4,'mime_type':'audio/ogg'}}}");
        assertEquals(MediaKind.VOICE, voice.attachments().get(0).kind());
        assertEquals(Duration.ofSeconds(4), voice.attachments().get(0).duration().orElseThrow());
        assertTrue(voice.hasContent());

        InboundMessage loc = map(mapper, "{'update_id':5,'message':{'message_id':5,'date':1," + FROM + "," + PRIVATE
                + ",'location':{'latitude':-34.6,'longitude':-58.4}}}");
        assertEquals(-34.6, loc.location().orElseThrow().latitude());
    }

    @Test
    void editedMessagesForwardsAndCallbackQueries() throws Exception {
        InboundMessage edited = map(mapper, "{'update_id':6,'edited_message':{'message_id':7,'date':1,'edit_date':2,"
                + FROM + "," + PRIVATE + ",'text':'fixed'}}");
        assertEquals("true", edited.extra().get("telegram.edited"));
        assertEquals("edited_message", edited.extra().get("telegram.kind"));

        InboundMessage fwd = map(mapper, "{'update_id':7,'message':{'message_id':8,'date':1," + FROM + "," + PRIVATE
                + ",'text':'fw','forward_origin':{'type':'user','date':1714000000,'sender_user':{'id':9,'is_bot':false,'first_name':'X'}}}}");
        assertEquals("user", fwd.forward().orElseThrow().source());
        assertEquals("9", fwd.forward().orElseThrow().fromUserId().orElseThrow());

        UpdateMapper.Mapped cb = raw("{'update_id':8,'callback_query':{'id':'cb1'," + FROM
                + ",'data':'buy','message':{'message_id':50,'date':1," + PRIVATE + "}}}");
        assertEquals("cb1", cb.callbackId().orElseThrow(), "acknowledged automatically");
        assertEquals("buy", cb.message().orElseThrow().text());
        assertEquals("callback_query", cb.message().orElseThrow().extra().get("telegram.kind"));
    }

    @Test
    void groupMessagesReachAgentsOnlyWhenAddressedToTheBot() throws Exception {
        String base = "{'update_id':10,'message':{'message_id':1,'date':1," + FROM + "," + GROUP + ",";
        assertFalse(raw(base + "'text':'just chatting'}}").message().isPresent());
        assertTrue(raw(base + "'text':'hey @Nexo_Test_Bot help','entities':[{'type':'mention','offset':4,'length':14}]}}")
                .message().isPresent(), "mention, any case");
        assertFalse(raw(base + "'text':'hey @other_bot','entities':[{'type':'mention','offset':4,'length':10}]}}")
                .message().isPresent(), "someone else's mention");
        assertTrue(raw(base + "'text':'/price','entities':[{'type':'bot_command','offset':0,'length':6}]}}")
                .message().isPresent(), "bare command");
        assertFalse(raw(base + "'text':'/price@other_bot','entities':[{'type':'bot_command','offset':0,'length':16}]}}")
                .message().isPresent(), "another bot's command");
        assertTrue(raw(base + "'text':'yes','reply_to_message':{'message_id':5,'date':1,'from':{'id':999,'is_bot':true,'first_name':'B'},"
                + GROUP + "}}}").message().isPresent(), "reply to the bot");
        InboundMessage g = raw(base + "'text':'/price'," + "'entities':[{'type':'bot_command','offset':0,'length':6}]}}").message().get();
        assertTrue(g.chat().isGroup());
        assertEquals("Sales", g.chat().title().orElseThrow());

        UpdateMapper open = new UpdateMapper(ChannelRef.of("telegram", "b"), Set.of(), false);
        assertTrue(open.map(json(base + "'text':'just chatting'}}"), ME, NOW).message().isPresent(), "gating off");
    }

    @Test
    void otherUpdateTypesAreDroppedWithTheirName() throws Exception {
        UpdateMapper.Mapped m = raw("{'update_id':12,'my_chat_member':{'chat':{'id':1,'type':'group'}}}");
        assertFalse(m.message().isPresent());
        assertEquals("unhandled update type my_chat_member", m.dropReason());
    }

    @Test
    void theChatAllowlistDropsOtherChats() throws Exception {
        UpdateMapper only = new UpdateMapper(ChannelRef.of("telegram", "b"), Set.of(777L), true);
        String msg = "{'update_id':11,'message':{'message_id':1,'date':1," + FROM + "," + PRIVATE + ",'text':'hi'}}";
        UpdateMapper.Mapped dropped = only.map(json(msg), ME, NOW);
        assertFalse(dropped.message().isPresent());
        assertEquals("chat not in allowlist", dropped.dropReason());
        assertTrue(mapper.map(json(msg), ME, NOW).message().isPresent());
    }
}
