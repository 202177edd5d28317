package dev.nexo.channel.telegram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.message.InboundMessage;

/** Long polling against the local Bot API: order, restart without loss or repeat, gateway refusals. */
class TelegramBotPollingTest {
    @TempDir
    Path state;
    private FakeBotApi api;
    private RecordingGateway gateway;
    private TelegramBot bot;

    @BeforeEach
    void start() throws Exception {
        api = new FakeBotApi();
        gateway = new RecordingGateway();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        api.close();
    }

    private TelegramBot newBot() {
        bot = new TelegramBot(BotSettings.forTest("sales_bot", FakeBotApi.TOKEN, api.base()), gateway,
                state.resolve("data/telegram/sales_bot"), state, Clock.systemUTC());
        bot.start();
        return bot;
    }

    @Test
    void updatesOneToNArriveAsNInboundMessagesInOrder() {
        LongStream.rangeClosed(1, 20).forEach(i -> api.queueText(i, 42, "message " + i));
        newBot();
        List<InboundMessage> got = Wait.value("20 inbound messages", gateway::inbound, l -> l.size() >= 20);
        assertEquals(LongStream.rangeClosed(1, 20).mapToObj(i -> "message " + i).collect(Collectors.toList()),
                got.stream().map(InboundMessage::text).collect(Collectors.toList()));
        assertEquals("sales_bot", got.get(0).channel().instance().orElseThrow());
        assertEquals("1", got.get(0).extra().get("telegram.update_id"));
        Wait.until("offset 21 persisted", () -> read(state.resolve("data/telegram/sales_bot/offset")).equals("21"));
        Wait.until("the server saw the confirming offset", () -> api.pending() == 0);
        assertEquals(ChannelState.CONNECTED, bot.health().state());
        assertTrue(bot.health().detail().contains("last_poll="), bot.health().detail());
    }

    @Test
    void restartMidStreamNeitherLosesNorRepeats() {
        LongStream.rangeClosed(1, 10).forEach(i -> api.queueText(i, 42, "m" + i));
        newBot();
        Wait.value("first batch", gateway::inbound, l -> l.size() >= 10);
        bot.close();
        assertFalse(bot.isPolling(), "poll thread ended");
        assertTrue(liveThreads("nexo-telegram-sales_bot-").isEmpty(), "threads left: " + liveThreads("nexo-telegram-sales_bot-"));

        LongStream.rangeClosed(11, 25).forEach(i -> api.queueText(i, 42, "m" + i));
        newBot();
        List<InboundMessage> got = Wait.value("all 25", gateway::inbound, l -> l.size() >= 25);
        assertEquals(LongStream.rangeClosed(1, 25).mapToObj(i -> "m" + i).collect(Collectors.toList()),
                got.stream().map(InboundMessage::text).collect(Collectors.toList()));
        long offsetsSent = api.calls("getUpdates").stream().map(c -> c.params().path("offset").asLong())
                .filter(o -> o == 0).count();
        assertTrue(offsetsSent >= 1, "the first bot started from offset 0");
        JsonNode firstAfterRestart = api.calls("getUpdates").stream().map(FakeBotApi.Call::params)
                .filter(p -> p.path("offset").asLong() >= 11).findFirst().orElseThrow();
        assertEquals(11, firstAfterRestart.path("offset").asLong(), "the restarted bot resumed at the persisted offset");
    }

    @Test
    void anUpdateTheGatewayRefusesIsRetriedNotSkipped() {
        gateway.refuseNext(2);
        api.queueText(1, 42, "first");
        api.queueText(2, 42, "second");
        newBot();
        List<InboundMessage> got = Wait.value("both", gateway::inbound, l -> l.size() >= 2);
        assertEquals(List.of("first", "second"), got.stream().map(InboundMessage::text).collect(Collectors.toList()));
        assertTrue(bot.counters().errors.get() >= 2);
    }

    @Test
    void aRejectedTokenMarksTheCredentialsExpired() {
        bot = new TelegramBot(BotSettings.forTest("bad", "1:wrong", api.base()), gateway,
                state.resolve("data/telegram/bad"), state, Clock.systemUTC());
        bot.start();
        Wait.until("credentials expired", () -> bot.health().state() == ChannelState.CREDENTIALS_EXPIRED);
        assertFalse(bot.health().detail().contains("wrong"), "the token never shows in health: " + bot.health().detail());
    }

    @Test
    void typingStartsAfterAMessageIsAccepted() {
        api.queueText(1, 42, "hello");
        newBot();
        Wait.until("sendChatAction typing", () -> !api.calls("sendChatAction").isEmpty());
        JsonNode p = api.calls("sendChatAction").get(0).params();
        assertEquals(42, p.path("chat_id").asLong());
        assertEquals("typing", p.path("action").asText());
    }

    @Test
    void inboundPhotosAreDownloadedUnderTheStateRoot() throws Exception {
        api.file("photos/BIG.jpg", new byte[] {1, 2, 3, 4});
        com.fasterxml.jackson.databind.node.ObjectNode u = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("update_id", 1);
        com.fasterxml.jackson.databind.node.ObjectNode m = u.putObject("message").put("message_id", 5).put("date", 1)
                .put("caption", "look");
        m.putObject("from").put("id", 42).put("is_bot", false).put("first_name", "A");
        m.putObject("chat").put("id", 42).put("type", "private");
        m.putArray("photo").addObject().put("file_id", "BIG").put("file_unique_id", "big1").put("width", 2).put("height", 2);
        api.queue(u);
        newBot();
        InboundMessage got = Wait.value("the photo", gateway::inbound, l -> !l.isEmpty()).get(0);
        Path local = Path.of(got.attachments().get(0).localPath().orElseThrow());
        assertTrue(local.startsWith(state.resolve("data/telegram/sales_bot/media")), local.toString());
        assertEquals(4, Files.size(local));
        assertEquals("BIG", api.calls("getFile").get(0).params().path("file_id").asText());
        assertEquals("BIG", got.attachments().get(0).remoteId().orElseThrow(), "the file_id stays");
    }

    static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).strip() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
