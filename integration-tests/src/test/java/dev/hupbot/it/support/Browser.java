package dev.hupbot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, through Debian's chromedriver. Both paths are given to Selenium, so
 * its Selenium Manager (which would download a browser or a driver) has nothing to find.
 */
public final class Browser {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";
    /** CI sets it to true: a missing browser then fails the test instead of skipping it. */
    public static final String REQUIRE_PROPERTY = "hupbot.it.requireBrowser";

    private Browser() {}

    /** Why no browser can run here; empty when Chromium and its driver are installed. */
    public static Optional<String> missing() {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                return Optional.of(binary + " is not installed (" + INSTALL + ")");
            }
        }
        return Optional.empty();
    }

    public static boolean required() {
        return Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    /** A fresh headless browser with its profile in {@code profile}; quit it when done. */
    public static WebDriver start(Path profile) {
        // The driver path as a system property too: Selenium asks Selenium Manager only when neither is set.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1920,1080");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1920, 1080));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
