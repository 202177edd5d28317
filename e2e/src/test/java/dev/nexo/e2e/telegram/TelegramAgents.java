package dev.nexo.e2e.telegram;

import java.io.IOException;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.e2e.StubLlm;
import dev.nexo.test.support.telegram.BotApiStub;

/**
 * The built distribution with one Telegram bot on a local Bot API, the OpenAI-compatible stub LLM
 * (provider {@code stub}) and the given agents: the set-up the Telegram agent and pairing tests
 * share. {@link #close()} stops the container first, then the stubs.
 *
 * @param api the local Bot API the bot polls
 * @param llm the stub LLM the agents call
 * @param nexo the running container (not yet awaited)
 */
public record TelegramAgents(BotApiStub api, StubLlm llm, NexoProcess nexo) implements AutoCloseable {

    /**
     * @param name the run's name (run dir and log)
     * @param bot the bot's instance id in {@code plugins/telegram.yaml}
     * @param pollMs the bot's long-poll interval
     * @param agentsYaml the {@code agents.yaml}
     */
    public static TelegramAgents start(String name, String bot, int pollMs, String agentsYaml) throws IOException {
        BotApiStub api = new BotApiStub();
        StubLlm llm = new StubLlm();
        NexoProcess nexo = NexoProcess.launch(name).config("plugins/telegram.yaml", api.telegramYaml(bot, pollMs))
                .config("llm.yaml", llm.llmYaml()).config("agents.yaml", agentsYaml).start();
        return new TelegramAgents(api, llm, nexo);
    }

    @Override
    public void close() throws IOException {
        try {
            nexo.close();
        } finally {
            try {
                llm.close();
            } finally {
                api.close();
            }
        }
    }
}
