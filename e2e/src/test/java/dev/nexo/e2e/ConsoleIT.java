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
import org.openqa.selenium.support.ui.Select;
import java.nio.charset.StandardCharsets;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/** The web console in real headless Chromium against the running distribution. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.class)
class ConsoleIT {
    private NexoProcess nexo;
    private String key;
    private StubLlm llm;
    private ChromeDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        llm = new StubLlm();
        NexoProcess.Launch launch = NexoProcess.launch("console").config("llm.yaml", llm.llmYaml())
                .config("agents.yaml", "agents:\n  - id: helper\n    model: {provider: stub, model: m1}\n"
                        + "    system_prompt: You help.\n    inbound_bindings:\n      - plugin: webchat\n        instance: console\n");
        nexo = launch.start();
        nexo.awaitHealthy(Duration.ofSeconds(60));
        key = nexo.awaitKey(Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + nexo.port();
        browser = Browser.start(Files.createTempDirectory(launch.runDir().getParent(), "chromium-"));
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
            llm.close();
        }
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
        Browser.wait(browser).until(d -> {
            d.findElement(By.id("bundle-file")).sendKeys(jar.toString());
            return true;
        });
        Browser.wait(browser).until(d -> {
            d.findElement(By.id("bundle-install")).click();
            return true;
        });
        Browser.awaitText(browser, By.cssSelector("#view-bundles table"), "dev.nexo.itest.fixture");
        Browser.wait(browser).until(d ->
                d.findElements(By.cssSelector("#view-bundles tr")).stream().anyMatch(r ->
                        r.getText().contains("dev.nexo.itest.fixture") && r.getText().contains("ACTIVE")));
    }

    @Test
    @Order(4)
    void theConfigViewShowsNoSecret() {
        browser.get(base + "/admin#config");
        Browser.await(browser, By.id("config-json"));
        assertFalse(browser.getPageSource().contains(key));
        assertFalse(browser.getPageSource().contains("sk-e2e-not-a-secret"), "the LLM key is masked");
    }

    @Test
    @Order(5)
    void chatWithTheBoundAgentAndSeeTheStubsReply() {
        browser.get(base + "/admin#chat");
        Browser.await(browser, By.id("chat-input"));
        Browser.wait(browser).until(d -> {
            d.findElement(By.id("chat-input")).sendKeys("hello agent");
            return true;
        });
        Browser.wait(browser).until(d -> {
            d.findElement(By.id("chat-send")).click();
            return true;
        });
        Browser.awaitText(browser, By.cssSelector("#chat-log .bubble[data-from=agent]"), "stub says: hello agent");
        assertTrue(llm.requests().stream().anyMatch(r -> r.toString().contains("hello agent")
                && "m1".equals(r.path("model").asText())), llm.requests().toString());
    }

    @Test
    @Order(6)
    void aPendingApprovalAppearsLiveIsApprovedWithAWindowAndTheCallCompletes() {
        browser.get(base + "/admin#approvals");
        Browser.await(browser, By.id("view-approvals"));
        Http admin = nexo.http().withKey(key);
        Reply connect = admin.send("POST", "/admin/api/agents/connect", "application/json",
                "{\"name\":\"coder\",\"tenant\":\"default\",\"capabilities\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, connect.status(), connect::toString);
        Reply enroll = nexo.http().send("POST", "/agent/api/enroll", "application/json",
                ("{\"code\":\"" + connect.json().path("enrollmentCode").asText() + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, enroll.status(), enroll::toString);
        Http agent = nexo.http().withKey(enroll.json().path("token").asText());
        byte[] args = "{\"query\":\"anything\"}".getBytes(StandardCharsets.UTF_8);
        Reply first = Poll.until("memory_recall to be offered to agents", Duration.ofSeconds(60),
                () -> agent.send("POST", "/agent/api/invoke/tool.memory_recall", "application/json", args),
                r -> r.status() != 404);
        assertEquals(202, first.status(), "default deny: the call pends for a human: " + first);

        // live: the pending call appears without a reload
        Browser.awaitText(browser, By.cssSelector("#view-approvals table"), "tool.memory_recall");
        screenshot("console-approvals");
        // once a window is picked the view stops re-rendering; before that a poll may replace the row
        Browser.wait(browser).until(d -> {
            new Select(d.findElement(By.cssSelector("#view-approvals select.window"))).selectByValue("1h");
            return true;
        });
        Browser.wait(browser).until(d -> {
            d.findElement(By.cssSelector("#view-approvals button.approve")).click();
            return true;
        });
        Browser.awaitText(browser, By.id("view-approvals"), "Nothing is waiting for approval.");

        Reply done = agent.send("POST", "/agent/api/invoke/tool.memory_recall", "application/json", args);
        assertEquals(200, done.status(), done::toString);
        assertEquals("ok", done.json().path("status").asText(), done::toString);
        Reply grants = admin.get("/admin/api/grants");
        assertTrue(grants.body().contains("tool.memory_recall") && grants.body().contains("\"window\":\"1h\""), grants::toString);
    }

    @Test
    @Order(7)
    void screenshotsForTheOperatorGuide() {
        for (String view : new String[] {"overview", "bundles", "chat", "audit"}) {
            browser.get(base + "/admin#" + view);
            Browser.await(browser, By.id("view-" + view));
            screenshot("console-" + view);
        }
        assertTrue(java.nio.file.Files.isRegularFile(Browser.SCREENSHOTS.resolve("console-overview.png")));
    }

    private void screenshot(String name) {
        try {
            java.nio.file.Files.createDirectories(Browser.SCREENSHOTS);
            java.nio.file.Files.write(Browser.SCREENSHOTS.resolve(name + ".png"),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
