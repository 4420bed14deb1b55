package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, findings 10 and 11, against a running hupbot's console over plain HTTP: saved logins
 * cannot be changed without (or with) a login, a query that would run H2 out of memory is
 * cancelled and the bot keeps recording reloads, and a wrong-password flood is cut off per
 * client while the CLI keeps reading the history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHardeningIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PASSWORD = "the console's own password";
    static final Pattern CONSOLE_LINE = Pattern.compile("H2 console on http://(\\S+) - .* JDBC URL (\\S+)$");
    static final Pattern SESSION = Pattern.compile("jsessionid=([0-9a-f]+)");
    static final String REFUSED = "This console is read-only: saved logins, row edits, tools and preferences cannot"
            + " be changed here";

    @TempDir static Path dir;
    Path config;
    Path data;
    HupbotProcess bot;
    String base;
    String jdbcUrl;

    @BeforeAll
    void start() throws IOException {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"));
        Map<String, String> env = new LinkedHashMap<>(ShellReloadIT.ENV);
        env.put("HUPBOT_H2_CONSOLE_PASSWORD", PASSWORD);
        bot = HupbotProcess.start(config, data, env, "--chat", "shell", "--h2-console-port", "0");
        Matcher m = CONSOLE_LINE.matcher(bot.awaitStderr(0, l -> CONSOLE_LINE.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        base = "http://" + m.group(1) + "/";
        jdbcUrl = m.group(2);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
    }

    @AfterAll
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    @Order(1)
    void savedLoginsCannotBeChangedOrRemovedWithoutALogin() throws Exception {
        String session = newSession();
        Map<String, String> evil = Map.of("name", "Generic H2 (Embedded)", "driver", "org.h2.Driver",
                "url", "jdbc:h2:tcp://attacker.example/evil", "user", "SA");
        assertThat(post("settingSave.do", session, evil)).contains(REFUSED);
        assertThat(post("settingRemove.do", session, Map.of("name", "hupbot audit history (read-only)")))
                .contains(REFUSED);

        String later = get("login.jsp?jsessionid=" + newSession());
        assertThat(later).doesNotContain("attacker.example").doesNotContain("Generic H2 (Embedded)")
                .contains("hupbot audit history (read-only)", "name=\"url\" value=\"" + jdbcUrl + "\"");
    }

    @Test
    @Order(2)
    void aQueryThatWouldExhaustTheHeapIsCancelledAndTheBotKeepsAuditing() throws Exception {
        String session = newSession();
        assertThat(post("login.do", session, form("CONSOLE", PASSWORD))).contains("<frameset");

        String answer = post("query.do", session,
                Map.of("sql", "SELECT CARDINALITY(ARRAY_AGG(X)) FROM SYSTEM_RANGE(1,200000000)"));

        assertThat(answer).contains("Statement was canceled");
        // The log line reaches the test through the log file, which is read as it grows: wait for it.
        bot.awaitStderr(0, l -> l.contains("Cancelled an H2 console query: it filled 60% of the heap")
                || l.contains("Cancelled an H2 console query: it ran longer than 10 s"), WAIT);
        assertThat(bot.isAlive()).isTrue();
        long before = AuditRows.latestId(data);
        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!"));
        Cli.Result reload = Cli.run(ShellReloadIT.ENV, "reload", "--data", data.toString());
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
        assertThat(reload.stdout()).startsWith("reload #" + (before + 1) + " APPLIED");
        ReloadSummary recorded = AuditRows.awaitAfter(data, before, WAIT);
        assertThat(recorded.outcome()).isEqualTo(Outcome.APPLIED);
        // and the console still answers queries
        assertThat(post("query.do", session, Map.of("sql", "SELECT ID, OUTCOME FROM RELOAD_HISTORY")))
                .contains("APPLIED");
    }

    @Test
    @Order(3)
    void aWrongPasswordFloodIsCutOffWhileTheHistoryStaysReadable() throws Exception {
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pages.add(post("login.do", newSession(), form("CONSOLE", "guess-" + i)));
        }
        assertThat(pages.subList(0, 5)).allSatisfy(p -> assertThat(p).contains("Wrong user name or password"));
        assertThat(pages.subList(5, 12)).allSatisfy(p -> assertThat(p)
                .containsPattern("Too many failed logins from 127\\.0\\.0\\.1 \\(5 a minute\\): try again in \\d+ s"));
        // Even the right password waits out the minute: a guesser cannot tell it found it.
        assertThat(post("login.do", newSession(), form("CONSOLE", PASSWORD))).contains("Too many failed logins");

        long started = System.nanoTime();
        Cli.Result history = Cli.run(Map.of(), "history", "--data", data.toString());
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.stdout()).contains("APPLIED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private Map<String, String> form(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("driver", "org.h2.Driver");
        form.put("url", jdbcUrl);
        form.put("user", user);
        form.put("password", password);
        return form;
    }

    private String newSession() throws Exception {
        Matcher m = SESSION.matcher(get(""));
        assertThat(m.find()).as("the console's first page names a session").isTrue();
        return m.group(1);
    }

    /** A client per request: H2 closes the connection after each answer without saying so. */
    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).build();
        return http().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String session, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + "?jsessionid=" + session))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
