package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.Outcome;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.MetricsText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of the packaged jar, scraped around real SIGHUP reloads. */
class MetricsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern METRICS_LINE = Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)$");
    static final String APPLIED = "hupbot_config_reloads_total{outcome=\"APPLIED\"}";
    static final String REJECTED = "hupbot_config_reloads_total{outcome=\"REJECTED\"}";
    static final String UNCHANGED = "hupbot_config_reloads_total{outcome=\"UNCHANGED\"}";
    static final String PARTIAL = "hupbot_config_reloads_total{outcome=\"PARTIAL\"}";
    static final String SUCCESSFUL = "hupbot_config_last_reload_successful";
    static final String SUCCESS_TIME = "hupbot_config_last_reload_success_timestamp_seconds";
    static final String DURATIONS = "hupbot_config_reload_duration_seconds_count";

    @TempDir Path dir;
    Path config;
    HupbotProcess bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            ShellReloadIT.assertNoSecretIn(bot.stderr());
        }
    }

    void write(String text) throws IOException {
        Path temp = dir.resolve("bots.toml.tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void countersAndTheSuccessGaugeFollowAGoodAndABadReload() throws IOException {
        config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        write(ShellReloadIT.configWith("Hello {user}!"));
        bot = HupbotProcess.start(config, data, ShellReloadIT.ENV, "--chat", "shell", "--metrics-port", "0");
        Matcher m = METRICS_LINE.matcher(bot.awaitStderr(0, l -> METRICS_LINE.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        String url = m.group(1);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        MetricsText start = MetricsText.scrape(url);
        assertThat(start.value(APPLIED)).isEqualTo(1); // the startup load
        assertThat(start.value(REJECTED)).isZero();
        assertThat(start.value(UNCHANGED)).isZero();
        assertThat(start.value(PARTIAL)).isZero();
        assertThat(start.value(SUCCESSFUL)).isEqualTo(1);
        assertThat(start.value(SUCCESS_TIME)).isGreaterThan(1.7e9);
        assertThat(start.value("hupbot_bot_connected{bot=\"stickyman\"}")).isEqualTo(1);

        int from = bot.stdoutSize();
        bot.say("!hello");
        bot.awaitStdout(from, l -> l.equals("[#mychannel] <stickyman> Hello viewer!"), WAIT);
        MetricsText chatted = MetricsText.scrape(url);
        assertThat(chatted.value("hupbot_chat_messages_total{bot=\"stickyman\",direction=\"in\"}"))
                .isEqualTo(start.value("hupbot_chat_messages_total{bot=\"stickyman\",direction=\"in\"}") + 1);
        assertThat(chatted.value("hupbot_chat_messages_total{bot=\"stickyman\",direction=\"out\"}"))
                .isGreaterThan(start.value("hupbot_chat_messages_total{bot=\"stickyman\",direction=\"out\"}"));

        long before = AuditRows.latestId(data);
        write(ShellReloadIT.configWith("Howdy {user}!"));
        bot.signal("HUP");
        assertThat(AuditRows.awaitAfter(data, before, WAIT).outcome()).isEqualTo(Outcome.APPLIED);
        MetricsText good = awaitScrape(url, s -> s.value(DURATIONS) == 2);
        assertThat(good.value(APPLIED)).isEqualTo(2);
        assertThat(good.value(REJECTED)).isZero();
        assertThat(good.value(SUCCESSFUL)).isEqualTo(1);
        assertThat(good.value(SUCCESS_TIME)).isGreaterThanOrEqualTo(start.value(SUCCESS_TIME));

        before = AuditRows.latestId(data);
        write(ShellReloadIT.configWith("Howdy {user}!") + "\n[bots.ai]\ntemperature = 7.5\n");
        bot.signal("HUP");
        assertThat(AuditRows.awaitAfter(data, before, WAIT).outcome()).isEqualTo(Outcome.REJECTED);
        MetricsText bad = awaitScrape(url, s -> s.value(DURATIONS) == 3);
        assertThat(bad.value(APPLIED)).isEqualTo(2);
        assertThat(bad.value(REJECTED)).isEqualTo(1);
        assertThat(bad.value(SUCCESSFUL)).isZero();
        assertThat(bad.value(SUCCESS_TIME)).as("the last success stays the good reload").isEqualTo(good.value(SUCCESS_TIME));
        System.out.println("MetricsIT: the scrape after a good and a bad reload:\n" + bad.text());
    }

    /** The listener runs just after the audit row is finished: wait for the scrape to show it. */
    static MetricsText awaitScrape(String url, java.util.function.Predicate<MetricsText> ready) {
        MetricsText[] last = new MetricsText[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = MetricsText.scrape(url);
            return ready.test(last[0]);
        });
        return last[0];
    }
}
