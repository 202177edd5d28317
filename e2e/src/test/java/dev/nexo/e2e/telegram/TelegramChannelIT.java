package dev.nexo.e2e.telegram;

import static dev.nexo.e2e.NexoProcess.BOOT;
import static dev.nexo.e2e.NexoProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.telegram.BotApiStub;
import dev.nexo.test.support.http.Reply;

/**
 * The Telegram channel in the built distribution, configured the way an operator does it: two bots
 * in {@code plugins/telegram.yaml} (token from {@code ${file:}}), one long-polling a local Bot API,
 * one on a webhook. Updates pass through the real broker (the offset only advances once it accepted
 * them), the webhook answers on the public HTTP server without the admin key, the token never shows
 * in the log or the admin API, and removing the file stops both bots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelegramChannelIT {
    private static final String SECRET = "e2e-hook-secret";

    @AutoClose
    private BotApiStub api;
    @AutoClose
    private NexoProcess nexo;
    private Path configDir;
    private Path stateRoot;
    private Http admin;

    @BeforeAll
    void start() throws IOException {
        api = new BotApiStub();
        NexoProcess.Launch launch = NexoProcess.launch("telegram")
                .config("secrets/telegram_token.txt", BotApiStub.TOKEN + "\n")
                .config("plugins/telegram.yaml", "telegram:\n"
                        + "  - instance: e2e_poll\n"
                        + "    token: ${file:secrets/telegram_token.txt}\n"
                        + "    api_base_url: " + api.base() + "\n"
                        + "    polling:\n      interval_ms: 1000\n"
                        + "  - instance: e2e_hook\n"
                        + "    token: ${file:secrets/telegram_token.txt}\n"
                        + "    api_base_url: " + api.base() + "\n"
                        + "    webhook:\n      enabled: true\n      public_url: https://bots.example.com\n"
                        + "      secret_token: " + SECRET + "\n");
        configDir = launch.configDir();
        stateRoot = launch.stateRoot();
        nexo = launch.start();
        nexo.awaitHealthy(BOOT);
        admin = nexo.admin(WAIT);
    }

    @Test
    void operatorConfiguredBotsPollServeTheWebhookAndStopWhenRemoved() throws IOException {
        Poll.until("both bots listed by the admin API", BOOT, () -> telegramInstances(), List.of("e2e_hook", "e2e_poll")::equals);

        for (long i = 1; i <= 3; i++) {
            api.queueText(i, 42, "hello " + i);
        }
        Path offset = stateRoot.resolve("data/telegram/e2e_poll/offset");
        Poll.until("offset 4 persisted once the broker took updates 1..3", WAIT, () -> read(offset), "4"::equals);
        Poll.until("typing shown in the chat", WAIT, () -> api.count("sendChatAction"), n -> n > 0);

        Poll.until("the webhook registered", WAIT, () -> api.count("setWebhook"), n -> n > 0);
        String update = BotApiStub.textUpdate(10, 7, "hook");
        assertEquals(401, post(null, update), "no secret");
        assertEquals(403, post("wrong", update), "wrong secret");
        assertEquals(400, post(SECRET, "{\"update\":"), "malformed JSON");
        assertEquals(200, post(SECRET, update), "valid update, no admin key needed");
        assertEquals("11", read(stateRoot.resolve("data/telegram/e2e_hook/offset")), "accepted by the broker");

        String secretPart = BotApiStub.TOKEN.substring(BotApiStub.TOKEN.indexOf(':') + 1);
        assertFalse(Files.readString(nexo.log()).contains(secretPart), "the token is not in the log");
        assertFalse(admin.get("/admin/api/channels").body().contains(secretPart), "nor in the admin API");

        Files.delete(configDir.resolve("plugins/telegram.yaml"));
        Poll.until("both bots gone after the file was removed", WAIT, this::telegramInstances, List::isEmpty);
        long polls = api.count("getUpdates");
        assertTrue(polls > 0);
    }

    private List<String> telegramInstances() {
        Reply r = admin.get("/admin/api/channels");
        if (r.status() != 200) {
            return null;
        }
        JsonNode channels = r.json();
        return StreamSupport.stream(channels.spliterator(), false)
                .filter(c -> "telegram".equals(c.path("kind").asText()))
                .map(c -> c.path("instance").asText()).sorted().collect(Collectors.toList());
    }

    private int post(String secret, String body) {
        return BotApiStub.postWebhook(nexo.port(), "e2e_hook", secret, body);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
