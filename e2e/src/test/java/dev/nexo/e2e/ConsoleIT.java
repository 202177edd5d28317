package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/** The web console in real headless Chromium against the running distribution. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.class)
class ConsoleIT {
    private NexoProcess nexo;
    private String key;
    private com.sun.net.httpserver.HttpServer llm;
    private final java.util.List<String> llmRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path logs = Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath();
        Path state = Files.createTempDirectory(work, "console-").resolve("state");
        Path config = Files.createDirectories(state.getParent().resolve("config"));
        llm = stubLlm();
        Files.writeString(config.resolve("llm.yaml"), "providers:\n  stub:\n    factory_type: openai\n"
                + "    api_key: sk-test-not-a-secret\n    base_url: http://127.0.0.1:" + llm.getAddress().getPort() + "/v1\n");
        Files.writeString(config.resolve("agents.yaml"), "agents:\n  - id: helper\n    model: {provider: stub, model: m1}\n"
                + "    system_prompt: You help.\n    inbound_bindings:\n      - plugin: webchat\n        instance: console\n");
        nexo = NexoProcess.start(Path.of(System.getProperty("nexo.dist.jar")), state,
                logs.resolve("nexo-" + state.getParent().getFileName() + ".log"), java.util.List.of("-Dnexo.config.dir=" + config));
        nexo.awaitHealthy(Duration.ofSeconds(60));
        key = nexo.awaitKey(Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + nexo.port();
        browser = Browser.start(Files.createTempDirectory(work, "chromium-"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (nexo != null) {
            nexo.close();
        }
        if (llm != null) {
            llm.stop(0);
        }
    }

    /** An OpenAI-compatible chat-completions endpoint that answers "stub says: <last user text>". */
    private com.sun.net.httpserver.HttpServer stubLlm() throws java.io.IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        server.createContext("/v1/chat/completions", ex -> {
            var req = json.readTree(ex.getRequestBody());
            llmRequests.add(req.toString());
            var msgs = req.path("messages");
            String last = msgs.get(msgs.size() - 1).path("content").asText();
            var resp = json.createObjectNode().put("id", "c1").put("object", "chat.completion").put("model", "m1");
            var choice = resp.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "stub says: " + last);
            resp.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 3).put("total_tokens", 13);
            byte[] b = resp.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return server;
    }

    @BeforeEach
    void open() {
        browser.get(base + "/admin");
    }

    private void login(String key) {
        Browser.await(browser, By.id("key")).sendKeys(key);
        browser.findElement(By.id("login-submit")).click();
    }

    @Test
    @Order(1)
    void aWrongKeyIsRefusedInWords() {
        login("nexo_admin_wrong");
        Browser.awaitText(browser, By.id("login-error"), "refused");
        assertTrue(browser.findElement(By.id("login")).isDisplayed());
    }

    @Test
    @Order(2)
    void thePageLoadsWithoutTheKeyAndShowsTheOverviewOnceItIsPasted() {
        assertTrue(Browser.await(browser, By.id("login")).isDisplayed(), "asks for the key first");
        login(key);
        Browser.await(browser, By.id("view-overview"));
        Browser.awaitText(browser, By.cssSelector("#view-overview .cards"), "bundles");
        Object stored = ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('nexo.key')");
        assertEquals(key, stored, "kept in the tab's session storage");
        assertFalse(browser.getPageSource().contains(key), "the key is never rendered into the page");
    }

    @Test
    @Order(3)
    void installABundleByUploadAndSeeItActive() throws Exception {
        browser.get(base + "/admin#bundles");
        Browser.await(browser, By.id("view-bundles"));
        Path jar = Path.of(System.getProperty("nexo.fixture.v1")).toAbsolutePath();
        browser.findElement(By.id("bundle-file")).sendKeys(jar.toString());
        browser.findElement(By.id("bundle-install")).click();
        Browser.awaitText(browser, By.cssSelector("#view-bundles table"), "dev.nexo.itest.fixture");
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("#view-bundles tr")).stream().anyMatch(r ->
                        r.getText().contains("dev.nexo.itest.fixture") && r.getText().contains("ACTIVE")));
    }

    @Test
    @Order(4)
    void theConfigViewShowsNoSecret() {
        browser.get(base + "/admin#config");
        Browser.await(browser, By.id("config-json"));
        assertFalse(browser.getPageSource().contains(key));
        assertFalse(browser.getPageSource().contains("sk-test-not-a-secret"), "the LLM key is masked");
    }

    @Test
    @Order(5)
    void chatWithTheBoundAgentAndSeeTheStubsReply() {
        browser.get(base + "/admin#chat");
        Browser.await(browser, By.id("chat-input")).sendKeys("hello agent");
        browser.findElement(By.id("chat-send")).click();
        Browser.awaitText(browser, By.cssSelector("#chat-log .bubble[data-from=agent]"), "stub says: hello agent");
        assertTrue(llmRequests.stream().anyMatch(r -> r.contains("hello agent") && r.contains("\"model\":\"m1\"")),
                llmRequests.toString());
    }
}
