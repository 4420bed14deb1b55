package dev.hupbot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.config.Secret;
import dev.hupbot.net.ListenAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console as a browser sees it, over HTTP: who gets in, and what they can do there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2ConsoleTest {
    private static final Instant T0 = Instant.parse("2026-11-27T01:16:12Z");
    private static final String PASSWORD = "console password";
    private static final Pattern SESSION = Pattern.compile("jsessionid=([0-9a-f]+)");

    @TempDir static Path dataDir;
    @TempDir static Path elsewhere;
    AuditStore store;
    H2Console console;
    String url;

    @BeforeAll
    void start() {
        store = AuditStore.open(dataDir);
        long id = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        store.finishReload(id, Outcome.APPLIED, T0, 1.0, List.of(), List.of());
        console = H2Console.bind(new ListenAddress(InetAddress.getLoopbackAddress(), 0));
        console.serve(dataDir, Secret.of(PASSWORD));
        url = console.jdbcUrl();
    }

    @AfterAll
    void stop() {
        console.close();
        store.close();
    }

    @Test
    void listensOnLoopbackAndOffersTheAuditDatabaseOnTheLoginPage() throws Exception {
        assertThat(console.address().isLoopback()).isTrue();
        assertThat(console.address().port()).isPositive();
        assertThat(url).isEqualTo(AuditStore.jdbcUrl(dataDir)).endsWith(";AUTO_SERVER=TRUE");

        String page = get("login.jsp?jsessionid=" + newSession());

        assertThat(page).contains("name=\"url\" value=\"" + url + "\"", "name=\"user\" value=\"CONSOLE\"",
                "hupbot audit history (read-only)");
    }

    @Test
    void theConsoleUserRunsQueriesOnTheViewsButCannotDelete() throws Exception {
        String session = login("CONSOLE", PASSWORD);

        assertThat(query(session, "SELECT * FROM RELOAD_HISTORY")).contains("STARTUP", "APPLIED", "(1 row,");
        assertThat(query(session, "DELETE FROM RELOAD"))
                .contains("Not enough rights for object &quot;PUBLIC.RELOAD&quot;");
        assertThat(store.history(10)).hasSize(1);
    }

    @Test
    void theAdminUserIsRefusedEvenWithItsRealPassword() throws Exception {
        String session = newSession();
        String page = post("login.do", session, form("org.h2.Driver", url, "sa", ""));

        assertThat(page).contains("This console is read-only: log in as user CONSOLE with the password in"
                + " HUPBOT_H2_CONSOLE_PASSWORD").doesNotContain("<frameset");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        String page = post("login.do", newSession(), form("org.h2.Driver", url, "CONSOLE", "guess"));

        assertThat(page).contains("Wrong user name or password").doesNotContain("<frameset");
    }

    @Test
    void otherDatabasesAndDriversAreRefused() throws Exception {
        String otherDatabase = "jdbc:h2:file:" + elsewhere.resolve("new");
        assertThat(post("login.do", newSession(), form("org.h2.Driver", otherDatabase, "CONSOLE", PASSWORD)))
                .contains("This console opens one database: use the JDBC URL " + url);
        assertThat(post("login.do", newSession(), form("javax.naming.InitialContext", url, "CONSOLE", PASSWORD)))
                .contains("This console connects with the driver class org.h2.Driver only");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void theAdminPagesAndToolsStayLocked() throws Exception {
        String session = login("CONSOLE", PASSWORD);
        Path backup = elsewhere.resolve("backup.zip");

        String tools = post("tools.do", session, Map.of("tool", "Backup",
                "args", "-file," + backup + ",-dir," + dataDir + ",-db,hupbot"));
        String admin = get("admin.do?jsessionid=" + session);

        // Refused outright now (not just sent to the admin login): nobody can even try its password.
        assertThat(tools).contains(org.h2.server.web.GuardedWebServer.REFUSED_MESSAGE);
        assertThat(admin).contains(org.h2.server.web.GuardedWebServer.REFUSED_MESSAGE);
        assertThat(post("adminLogin.do", session, Map.of("password", ""))).doesNotContain("adminSave.do")
                .contains(org.h2.server.web.GuardedWebServer.REFUSED_MESSAGE);
        assertThat(backup).doesNotExist();
    }

    @Test
    void aTakenPortIsReportedWithWhatToChange() {
        ListenAddress taken = console.address();

        assertThatThrownBy(() -> H2Console.bind(taken))
                .isInstanceOf(ConsoleException.class)
                .hasMessage("cannot open the H2 console on " + taken + ": Address already in use"
                        + " (choose another --h2-console-port, or --h2-console-bind)");
    }

    @Test
    void closingStopsServing() throws Exception {
        H2Console another = H2Console.bind(new ListenAddress(InetAddress.getLoopbackAddress(), 0));
        another.serve(dataDir, Secret.of(PASSWORD));
        URI page = URI.create("http://" + another.address() + "/");
        assertThat(http().send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);

        another.close();

        assertThatThrownBy(() -> http().send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    /**
     * A client per request: H2 closes the connection after each answer without saying so, and a
     * pooled one would send the next request into that closed connection.
     */
    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static Map<String, String> form(String driver, String jdbcUrl, String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("driver", driver);
        form.put("url", jdbcUrl);
        form.put("user", user);
        form.put("password", password);
        return form;
    }

    private String login(String user, String password) throws Exception {
        String session = newSession();
        assertThat(post("login.do", session, form("org.h2.Driver", url, user, password))).contains("<frameset");
        return session;
    }

    private String query(String session, String sql) throws Exception {
        return post("query.do", session, Map.of("sql", sql));
    }

    private String newSession() throws Exception {
        Matcher m = SESSION.matcher(get(""));
        assertThat(m.find()).as("the console's first page names a session").isTrue();
        return m.group(1);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + console.address() + "/" + path)).build();
        return http().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String session, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + console.address() + "/" + path + "?jsessionid=" + session))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
