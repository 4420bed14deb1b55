package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ListeningSockets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /-/reload} ({@code run --enable-lifecycle}) on the packaged jar's metrics listener. */
class LifecycleIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern ENDPOINT = Pattern.compile("Lifecycle endpoint on (http://127\\.0\\.0\\.1:(\\d+)/-/reload) - POST reloads the configuration$");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    @BeforeEach
    void files() throws IOException {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            ShellReloadIT.assertNoSecretIn(bot.stdout());
            ShellReloadIT.assertNoSecretIn(bot.stderr());
        }
    }

    String startWithLifecycle() {
        bot = HupbotProcess.start(config, data, ShellReloadIT.ENV, "--chat", "shell", "--metrics-port", "0", "--enable-lifecycle");
        Matcher m = ENDPOINT.matcher(bot.awaitStderr(0, l -> ENDPOINT.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        return m.group(1);
    }

    static HttpResponse<String> send(String url, String method) throws IOException, InterruptedException {
        return HTTP.send(request(url, method), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(String url, String method) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    @Test
    void aGoodReloadIs200AndABadOne500WithTheReloadAsJson() throws Exception {
        String url = startWithLifecycle();
        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!"), StandardCharsets.UTF_8);
        HttpResponse<String> good = send(url, "POST");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(good.body());
        long id = body.get("reload").asLong();
        assertThat(body.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(body.get("trigger").asText()).isEqualTo("HTTP");
        assertThat(body.get("problems")).isEmpty();
        JsonNode change = body.get("changes").get(0);
        assertThat(change.get("bot").asText()).isEqualTo("stickyman");
        assertThat(change.get("path").asText()).isEqualTo("commands.hello.response");
        assertThat(change.get("kind").asText()).isEqualTo("CHANGED");
        assertThat(change.get("old_value").asText()).isEqualTo("\"Hello {user}!\"");
        assertThat(change.get("new_value").asText()).isEqualTo("\"Howdy {user}!\"");
        assertThat(change.get("action").asText()).isEqualTo("HOT");
        assertThat(change.get("applied").asBoolean()).isTrue();
        assertThat(change.get("error").isNull()).isTrue();
        try (AuditStore audit = AuditStore.open(data)) {
            ReloadSummary row = audit.history(1).get(0);
            assertThat(row.id()).isEqualTo(id);
            assertThat(row.trigger()).isEqualTo(Trigger.HTTP);
        }
        assertThat(bot.stderr()).anyMatch(l -> l.contains("POST /-/reload received (HTTP) - reloading configuration..."));
        // The same reload as history show --json tells it.
        JsonNode shown = JSON.readTree(Cli.run(ShellReloadIT.ENV, "history", "show", "--json", "--data", data.toString(), Long.toString(id)).stdout());
        assertThat(body.get("changes")).isEqualTo(shown.get("changes"));

        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!") + "\n[bots.ai]\ntemperature = 7.5\n", StandardCharsets.UTF_8);
        HttpResponse<String> bad = send(url, "POST");
        assertThat(bad.statusCode()).isEqualTo(500);
        JsonNode rejected = JSON.readTree(bad.body());
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reload").asLong()).isEqualTo(id + 1);
        assertThat(rejected.get("problems").get(0).asText()).startsWith(config + ":14:1: error: bots[stickyman].ai.temperature:");
        assertThat(rejected.get("changes")).isEmpty();
        System.out.println("LifecycleIT: POST /-/reload of a bad file answered 500:\n" + bad.body());
    }

    @Test
    void getIs405AndOtherPathsAre404() throws Exception {
        String url = startWithLifecycle();
        long before = AuditRows.latestId(data);
        HttpResponse<String> get = send(url, "GET");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(send(url + "/more", "POST").statusCode()).isEqualTo(404);
        assertThat(send(url.replace("/-/reload", "/-/reloadx"), "POST").statusCode()).isEqualTo(404);
        assertThat(AuditRows.latestId(data)).isEqualTo(before);
    }

    @Test
    void withoutTheFlagThePathIs404AndNothingReloads() throws Exception {
        bot = HupbotProcess.start(config, data, ShellReloadIT.ENV, "--chat", "shell", "--metrics-port", "0");
        Matcher m = MetricsIT.METRICS_LINE.matcher(bot.awaitStderr(0, l -> MetricsIT.METRICS_LINE.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        long before = AuditRows.latestId(data);
        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!"), StandardCharsets.UTF_8);
        assertThat(send(m.group(1).replace("/metrics", "/-/reload"), "POST").statusCode()).isEqualTo(404);
        assertThat(AuditRows.latestId(data)).isEqualTo(before);
        assertThat(bot.stderr()).noneMatch(l -> l.contains("Lifecycle endpoint"));
    }

    @Test
    void theFlagWithoutAMetricsPortIsRefusedWithTheFix() {
        Cli.Result run = Cli.run(ShellReloadIT.ENV, "run", "--chat", "shell", "--config", config.toString(), "--data", data.toString(), "--enable-lifecycle");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("hupbot run: --enable-lifecycle serves POST /-/reload on the metrics listener, which is off:"
                + " set --metrics-port (or HUPBOT_METRICS_PORT), e.g. --metrics-port 9464, or leave --enable-lifecycle unset");
    }

    @Test
    void itListensOnLoopbackOnly() {
        startWithLifecycle();
        if (ListeningSockets.supported()) {
            assertThat(ListeningSockets.of(bot.pid())).isNotEmpty().allMatch(ListeningSockets.Listener::isLoopback);
        }
    }

    @Test
    void concurrentPostsAreCoalescedAndEachGetsItsAnswer() throws Exception {
        String url = startWithLifecycle();
        long before = AuditRows.latestId(data);
        Files.writeString(config, ShellReloadIT.configWith("Together {user}!"), StandardCharsets.UTF_8);
        int posts = 10;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            answers.add(HTTP.sendAsync(request(url, "POST"), HttpResponse.BodyHandlers.ofString()));
        }
        List<Long> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(200);
            ids.add(JSON.readTree(response.body()).get("reload").asLong());
        }
        await().atMost(WAIT).until(() -> AuditRows.latestId(data) >= ids.stream().mapToLong(Long::longValue).max().orElseThrow());
        try (AuditStore audit = AuditStore.open(data)) {
            List<ReloadSummary> rows = audit.history(50).stream().filter(r -> r.id() > before).toList();
            assertThat(rows).allMatch(r -> r.trigger() == Trigger.HTTP);
            // Every POST is one row or folded into one, as signals are; folding makes fewer rows than POSTs.
            assertThat(rows.size() + rows.stream().mapToInt(ReloadSummary::coalescedSignals).sum()).isEqualTo(posts);
            assertThat(rows.size()).isLessThan(posts);
            assertThat(ids).allMatch(id -> rows.stream().anyMatch(r -> r.id() == id));
            System.out.println("LifecycleIT: " + posts + " concurrent POSTs made " + rows.size() + " reload rows");
        }
    }
}
