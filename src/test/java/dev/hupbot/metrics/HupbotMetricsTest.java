package dev.hupbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotStatus;
import dev.hupbot.net.ListenAddress;
import dev.hupbot.reload.ReloadResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics as Prometheus scrapes them: the text format from the real endpoint. */
class HupbotMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T01:16:12.250Z");

    final List<BotStatus> bots = new CopyOnWriteArrayList<>();
    HupbotMetrics metrics;
    MetricsServer server;

    @BeforeEach
    void start() {
        metrics = new HupbotMetrics(Clock.fixed(NOW, ZoneOffset.UTC), () -> List.copyOf(bots));
        server = MetricsServer.start(new ListenAddress(InetAddress.getLoopbackAddress(), 0), metrics.registry());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static ReloadResult reload(Outcome outcome, Duration took) {
        return new ReloadResult(7, Trigger.SIGHUP, outcome, List.of(), List.of(), 0, took);
    }

    static BotStatus bot(String name, boolean connected, long in, long out) {
        return new BotStatus(name, true, connected, Set.of("mychannel"), in, out, null, null);
    }

    @Test
    void beforeAnyReloadEveryOutcomeIsZeroAndTheLastReloadIsNotASuccess() throws Exception {
        assertThat(samples()).contains(
                "hupbot_config_reloads_total{outcome=\"APPLIED\"} 0.0",
                "hupbot_config_reloads_total{outcome=\"UNCHANGED\"} 0.0",
                "hupbot_config_reloads_total{outcome=\"REJECTED\"} 0.0",
                "hupbot_config_reloads_total{outcome=\"PARTIAL\"} 0.0",
                "hupbot_config_last_reload_successful 0.0",
                "hupbot_config_last_reload_success_timestamp_seconds 0.0",
                "hupbot_config_reload_duration_seconds_count 0");
        assertThat(samples()).noneMatch(line -> line.startsWith("hupbot_bot_connected"));
    }

    @Test
    void aGoodThenABadReloadCountBothAndTheGaugeFollowsTheLast() throws Exception {
        metrics.onReload(reload(Outcome.APPLIED, Duration.ofMillis(14)));

        assertThat(samples()).contains(
                "hupbot_config_reloads_total{outcome=\"APPLIED\"} 1.0",
                "hupbot_config_last_reload_successful 1.0",
                "hupbot_config_last_reload_success_timestamp_seconds 1.79574217225E9",
                "hupbot_config_reload_duration_seconds_bucket{le=\"0.01\"} 0",
                "hupbot_config_reload_duration_seconds_bucket{le=\"0.025\"} 1",
                "hupbot_config_reload_duration_seconds_count 1",
                "hupbot_config_reload_duration_seconds_sum 0.014");

        metrics.onReload(reload(Outcome.REJECTED, Duration.ofMillis(2)));

        assertThat(samples()).contains(
                "hupbot_config_reloads_total{outcome=\"APPLIED\"} 1.0",
                "hupbot_config_reloads_total{outcome=\"REJECTED\"} 1.0",
                "hupbot_config_last_reload_successful 0.0",
                "hupbot_config_last_reload_success_timestamp_seconds 1.79574217225E9",
                "hupbot_config_reload_duration_seconds_count 2");
    }

    @Test
    void unchangedIsASuccessAndPartialIsNot() throws Exception {
        metrics.onReload(reload(Outcome.UNCHANGED, Duration.ofMillis(1)));
        assertThat(samples()).contains("hupbot_config_last_reload_successful 1.0",
                "hupbot_config_reloads_total{outcome=\"UNCHANGED\"} 1.0");

        metrics.onReload(reload(Outcome.PARTIAL, Duration.ofMillis(1)));
        assertThat(samples()).contains("hupbot_config_last_reload_successful 0.0",
                "hupbot_config_reloads_total{outcome=\"PARTIAL\"} 1.0");
    }

    @Test
    void botsAreReadAtEachScrape() throws Exception {
        bots.add(bot("stickyman", true, 12, 3));
        bots.add(bot("chat_warden", false, 0, 0));

        assertThat(samples()).contains(
                "hupbot_bot_connected{bot=\"stickyman\"} 1.0",
                "hupbot_bot_connected{bot=\"chat_warden\"} 0.0",
                "hupbot_chat_messages_total{bot=\"stickyman\",direction=\"in\"} 12.0",
                "hupbot_chat_messages_total{bot=\"stickyman\",direction=\"out\"} 3.0",
                "hupbot_chat_messages_total{bot=\"chat_warden\",direction=\"in\"} 0.0");

        bots.set(0, bot("stickyman", false, 13, 3));

        assertThat(samples()).contains(
                "hupbot_bot_connected{bot=\"stickyman\"} 0.0",
                "hupbot_chat_messages_total{bot=\"stickyman\",direction=\"in\"} 13.0");
    }

    @Test
    void droppedRepliesAreCountedByBotAndReason() throws Exception {
        bots.add(new BotStatus("stickyman", true, true, Set.of("mychannel"), 40, 20, null, null, 7, 2));

        assertThat(samples()).contains(
                "hupbot_chat_replies_dropped_total{bot=\"stickyman\",reason=\"late\"} 7.0",
                "hupbot_chat_replies_dropped_total{bot=\"stickyman\",reason=\"queue_full\"} 2.0");
    }

    @Test
    void eachMetricHasItsTypeAndHelp() throws Exception {
        bots.add(bot("stickyman", true, 0, 0)); // metrics read from the bots are left out while there are none
        assertThat(scrape().lines().filter(line -> line.startsWith("# TYPE")).toList()).containsExactlyInAnyOrder(
                "# TYPE hupbot_bot_connected gauge",
                "# TYPE hupbot_chat_messages_total counter",
                "# TYPE hupbot_chat_replies_dropped_total counter",
                "# TYPE hupbot_config_last_reload_success_timestamp_seconds gauge",
                "# TYPE hupbot_config_last_reload_successful gauge",
                "# TYPE hupbot_config_reload_duration_seconds histogram",
                "# TYPE hupbot_config_reloads_total counter");
        assertThat(scrape()).contains("# HELP hupbot_config_last_reload_successful Whether the last configuration"
                + " reload succeeded (APPLIED or UNCHANGED)");
    }

    @Test
    void listensWhereAskedAndReportsItsUrl() {
        assertThat(server.address().isLoopback()).isTrue();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.address().port() + "/metrics");
    }

    @Test
    void aTakenPortIsReportedWithWhatToChange() {
        ListenAddress taken = server.address();

        assertThatThrownBy(() -> MetricsServer.start(taken, metrics.registry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot serve metrics on " + taken + ": Address already in use"
                        + " (choose another --metrics-port, or --metrics-bind)");
    }

    private List<String> samples() throws IOException, InterruptedException {
        return scrape().lines().filter(line -> !line.startsWith("#")).toList();
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return response.body();
    }
}
