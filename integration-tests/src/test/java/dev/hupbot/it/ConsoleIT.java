package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Browser;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The H2 console of a running hupbot, in a real browser: log in as CONSOLE, read the reloads the
 * test caused, fail to delete them. Saves a screenshot of the history (docs/console-history.png
 * is one of these).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PASSWORD = "it's the console's password";
    static final Pattern CONSOLE_LINE = Pattern.compile(
            "H2 console on http://(\\S+) - log in as CONSOLE \\(read-only\\) with the password in"
                    + " HUPBOT_H2_CONSOLE_PASSWORD, JDBC URL (\\S+)$");

    @TempDir static Path dir;
    Path config;
    Path data;
    HupbotProcess bot;
    String consoleUrl;
    String jdbcUrl;
    long goodReload;
    long badReload;
    WebDriver browser;

    @BeforeAll
    void startWithAGoodAndABadReload() throws IOException {
        Optional<String> missing = Browser.missing();
        if (missing.isPresent()) {
            if (Browser.required()) {
                fail("ConsoleIT needs a browser and " + Browser.REQUIRE_PROPERTY + " is true: " + missing.get());
            }
            System.err.println("ConsoleIT SKIPPED: " + missing.get());
            Assumptions.abort("no browser: " + missing.get() + "; -D" + Browser.REQUIRE_PROPERTY
                    + "=true turns this into a failure");
        }
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        write(ShellReloadIT.configWith("Hello {user}!"));
        bot = HupbotProcess.start(config, data, Map.of("TWITCH_TOKEN_STICKYMAN", ShellReloadIT.TOKEN,
                "HUPBOT_H2_CONSOLE_PASSWORD", PASSWORD), "--chat", "shell", "--h2-console-port", "0");
        String line = bot.awaitStderr(0, l -> CONSOLE_LINE.matcher(l).find(), WAIT);
        Matcher m = CONSOLE_LINE.matcher(line);
        assertThat(m.find()).isTrue();
        consoleUrl = "http://" + m.group(1) + "/";
        jdbcUrl = m.group(2);
        assertThat(m.group(1)).startsWith("127.0.0.1:");
        assertThat(jdbcUrl).isEqualTo(AuditStore.jdbcUrl(data));
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        long before = AuditRows.latestId(data);
        write(ShellReloadIT.configWith("Howdy {user}!"));
        bot.signal("HUP");
        ReloadSummary good = AuditRows.awaitAfter(data, before, WAIT);
        assertThat(good.outcome()).isEqualTo(Outcome.APPLIED);
        goodReload = good.id();

        write(ShellReloadIT.configWith("Howdy {user}!") + "\n[bots.ai]\ntemperature = 7.5\n");
        bot.signal("HUP");
        ReloadSummary bad = AuditRows.awaitAfter(data, goodReload, WAIT);
        assertThat(bad.outcome()).isEqualTo(Outcome.REJECTED);
        badReload = bad.id();
    }

    @AfterAll
    void stop() {
        if (bot != null) {
            bot.close();
            assertThat(bot.stderr()).noneMatch(l -> l.contains(PASSWORD)).noneMatch(l -> l.contains("s3cr3t"));
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start(dir.resolve("profile-" + System.nanoTime()));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    void write(String text) throws IOException {
        Path temp = dir.resolve("bots.toml.tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, WAIT);
    }

    /** Fills in the login page and presses Connect; returns whether the console's frames opened. */
    boolean logIn(String user, String password) {
        browser.get(consoleUrl);
        WebElement passwordField = await().until(ExpectedConditions.visibilityOfElementLocated(By.name("password")));
        WebElement userField = browser.findElement(By.name("user"));
        userField.clear();
        userField.sendKeys(user);
        passwordField.sendKeys(password);
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        // The console's frames, or the login page again with an error (H2 puts it in div.error).
        await().until(d -> !d.findElements(By.name("h2query")).isEmpty()
                || !d.findElements(By.cssSelector("div.error")).isEmpty());
        return !browser.findElements(By.name("h2query")).isEmpty();
    }

    String loginError() {
        return browser.findElement(By.cssSelector("div.error")).getText();
    }

    /** Types {@code sql} into the query frame, presses Run, and returns the result frame's text. */
    String run(String sql) {
        browser.switchTo().defaultContent();
        await().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("h2query"));
        WebElement editor = await().until(ExpectedConditions.elementToBeClickable(By.id("sql")));
        editor.clear();
        editor.sendKeys(sql);
        browser.findElement(By.cssSelector("input[type=button][value=Run]")).click();
        browser.switchTo().defaultContent();
        await().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("h2result"));
        return await().until(d -> {
            List<WebElement> output = d.findElements(By.id("output"));
            String text = output.isEmpty() ? "" : output.get(0).getText();
            return text.startsWith(sql + ";") ? text : null;
        });
    }

    /** The result table of the result frame, a list of cells per row; the first row is the header. */
    List<List<String>> resultTable() {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement tr : browser.findElements(By.cssSelector("table.resultSet tr"))) {
            List<String> cells = new ArrayList<>();
            for (WebElement cell : tr.findElements(By.cssSelector("th, td"))) {
                cells.add(cell.getText().trim()); // header cells end in the sort arrows' spacing
            }
            rows.add(cells);
        }
        return rows;
    }

    @Test
    @Order(1)
    void theConsoleUserSeesTheReloadsTheTestCaused() throws IOException {
        browser.get(consoleUrl);
        await().until(ExpectedConditions.visibilityOfElementLocated(By.name("password")));
        assertThat(browser.findElement(By.name("url")).getAttribute("value")).isEqualTo(jdbcUrl);
        assertThat(browser.findElement(By.name("user")).getAttribute("value")).isEqualTo("CONSOLE");

        assertThat(logIn("CONSOLE", PASSWORD)).as("logged in").isTrue();
        assertThat(browser.findElements(By.name("h2query"))).isNotEmpty();
        String result = run("SELECT * FROM RELOAD_HISTORY");

        List<List<String>> table = resultTable();
        assertThat(table.get(0)).startsWith("ID", "REQUESTED_AT", "TRIGGER", "OUTCOME", "BOTS_CHANGED", "CHANGES",
                "SUMMARY", "DURATION_MS", "CONFIG_VERSION", "FINISHED_AT", "PROBLEMS");
        List<String> bad = row(table, badReload);
        List<String> good = row(table, goodReload);
        assertThat(bad).element(2).isEqualTo("SIGHUP");
        assertThat(bad).element(3).isEqualTo("REJECTED");
        assertThat(bad.get(10)).startsWith(config + ":14:1: error: bots[stickyman].ai.temperature:");
        assertThat(good).element(3).isEqualTo("APPLIED");
        assertThat(good).element(6).isEqualTo("1 change in 1 bot");
        // newest first
        assertThat(table.indexOf(bad)).isLessThan(table.indexOf(good));
        assertThat(result).contains("rows,");

        browser.switchTo().defaultContent();
        Path screenshots = Path.of(System.getProperty("hupbot.it.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve("console-history.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(2)
    void theConsoleUserCannotDelete() {
        int rowsBefore;
        try (AuditStore audit = AuditStore.open(data)) {
            rowsBefore = audit.history(1000).size();
        }
        assertThat(logIn("console", PASSWORD)).isTrue();

        String result = run("DELETE FROM RELOAD");

        assertThat(result).contains("Not enough rights for object \"PUBLIC.RELOAD\"");
        assertThat(run("SELECT COUNT(*) FROM RELOAD_HISTORY")).contains(Integer.toString(rowsBefore));
        try (AuditStore audit = AuditStore.open(data)) {
            assertThat(audit.history(1000)).hasSize(rowsBefore);
        }
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefused() {
        assertThat(logIn("CONSOLE", "not the password")).isFalse();

        assertThat(loginError()).contains("Wrong user name or password");
        assertThat(browser.findElements(By.name("h2query"))).isEmpty();
    }

    @Test
    @Order(4)
    void theDatabaseAdminCannotLogInThroughTheConsole() {
        assertThat(logIn("sa", "")).isFalse();

        assertThat(loginError()).contains(
                "This console is read-only: log in as user CONSOLE with the password in HUPBOT_H2_CONSOLE_PASSWORD");
    }

    static List<String> row(List<List<String>> table, long id) {
        return table.stream().filter(r -> r.get(0).equals(Long.toString(id))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for reload #" + id + " in " + table));
    }
}
