package dev.nexo.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian packages {@code chromium} and {@code chromium-driver},
 * installed by {@code .ci/run}), with the flags this closed network needs, and a screenshot under
 * {@code target/screenshots/} whenever a test fails.
 */
final class Browser implements TestWatcher {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static ChromeDriver current;

    static ChromeDriver start(Path profile) {
        String chromium = Optional.ofNullable(System.getenv("NEXO_CHROMIUM")).orElse("/usr/bin/chromium");
        String driver = Optional.ofNullable(System.getenv("NEXO_CHROMEDRIVER")).orElse("/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(driver).canExecute()) {
            throw new IllegalStateException("browser tests need " + chromium + " and " + driver
                    + " (apt-get install -y chromium chromium-driver; .ci/run does)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        current = new ChromeDriver(service, options);
        current.manage().timeouts().implicitlyWait(Duration.ZERO);
        return current;
    }

    static WebElement await(WebDriver d, By by) {
        return wait(d).until(x -> {
            var found = x.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    static void awaitText(WebDriver d, By by, String text) {
        wait(d).until(x -> x.findElements(by).stream()
                .anyMatch(e -> e.getText().contains(text)));
    }

    /** Waits up to 30 s; the console re-renders every 2 s, so an element found a moment ago may be stale. */
    static WebDriverWait wait(WebDriver d) {
        WebDriverWait w = new WebDriverWait(d, Duration.ofSeconds(30));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (current == null) {
            return;
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(context.getDisplayName().replaceAll("[^A-Za-z0-9]+", "_") + ".png"),
                    current.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(context.getDisplayName().replaceAll("[^A-Za-z0-9]+", "_") + ".html"),
                    current.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save a screenshot: " + e);
        }
    }
}
