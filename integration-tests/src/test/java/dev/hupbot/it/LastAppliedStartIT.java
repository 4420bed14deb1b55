package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.MetricsText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2: a file rejected at start-up no longer empties the channel when the audit
 * database holds a version applied before. The bots run that version, the STARTUP row is
 * REJECTED with every problem, the log, {@code hupbot status} and the success gauge say so, and
 * the next good SIGHUP is APPLIED with the diff against what really runs.
 */
class LastAppliedStartIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern METRICS_LINE = Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)$");
    static final String SUCCESSFUL = "hupbot_config_last_reload_successful";

    @TempDir Path dir;
    HupbotProcess bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            assertThat(bot.stderr()).noneMatch(l -> l.contains("s3cr3t"));
            assertThat(bot.stdout()).noneMatch(l -> l.contains("s3cr3t"));
        }
    }

    /** Valid with "Hello"; two errors (lines 10 and 13) in the broken one, whose response also differs. */
    static String crew(String response, boolean broken) {
        return """
                [defaults]
                channels = ["mychannel"]

                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"

                [bots.commands.hello]
                response = "%s"
                %s
                """.formatted(response, broken ? "cooldown_seconds = -5\n\n[bots.ai]\ntemperature = 7.5" : "");
    }

    String ask(String expected) {
        int from = bot.stdoutSize();
        bot.say("!hello");
        return bot.awaitStdout(from, l -> l.contains("<stickyman>") && l.contains(expected), WAIT);
    }

    @Test
    void aBrokenFileAtRestartRunsTheLastAppliedVersionUntilAGoodReload() {
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ConfigFiles.save(config, crew("Hello {user}!", false));
        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        assertThat(ask("Hello")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
        bot.signal("TERM");
        assertThat(bot.awaitExit(WAIT)).isZero();
        bot.close();

        ConfigFiles.save(config, crew("Broken {user}", true));
        bot = HupbotProcess.start(config, data, ShellReloadIT.ENV, "--chat", "shell", "--metrics-port", "0");
        Matcher m = METRICS_LINE.matcher(bot.awaitStderr(0, l -> METRICS_LINE.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        String metrics = m.group(1);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        ReloadSummary startup;
        try (AuditStore audit = AuditStore.open(data)) {
            startup = audit.history(1).get(0);
            assertThat(startup.trigger()).isEqualTo(Trigger.STARTUP);
            assertThat(startup.outcome()).isEqualTo(Outcome.REJECTED);
            ReloadDetail detail = audit.reload(startup.id()).orElseThrow();
            assertThat(detail.problems()).hasSize(2)
                    .anySatisfy(p -> assertThat(p).startsWith(config + ":10:1: error: bots[stickyman].commands.hello.cooldown_seconds:"))
                    .anySatisfy(p -> assertThat(p).startsWith(config + ":13:1: error: bots[stickyman].ai.temperature:"));
        }
        assertThat(bot.stderr()).anyMatch(l -> l.contains("Configuration rejected at start-up - running the last applied"
                + " version (config version #1, reload #1): " + config + ":10:1: error:") && l.contains("; " + config + ":13:1:"));
        // The bots answer the old way.
        assertThat(ask("viewer")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");

        Map<String, String> cliEnv = Map.of("HUPBOT_DATA", data.toString());
        String note = "! config: running the last applied version (config version #1, reload #1): the file on disk was"
                + " rejected at start-up (reload #" + startup.id() + "); fix the file and reload";
        await().atMost(WAIT).untilAsserted(() -> {
            Cli.Result status = Cli.run(cliEnv, "status");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains(note);
        });
        assertThat(Cli.run(cliEnv, "status", "--health").exitCode()).isZero();
        assertThat(MetricsText.scrape(metrics).value(SUCCESSFUL)).isZero();

        long before = AuditRows.latestId(data);
        ConfigFiles.save(config, crew("Fixed {user}", false));
        bot.signal("HUP");
        ReloadSummary fixed = AuditRows.awaitAfter(data, before, WAIT);
        assertThat(fixed.outcome()).isEqualTo(Outcome.APPLIED);
        // Diffed against what ran (the last applied version), not against the broken file.
        assertThat(bot.stderr()).anyMatch(l -> l.endsWith(
                "bot=stickyman commands.hello.response: \"Hello {user}!\" -> \"Fixed {user}\" [HOT]"));
        try (AuditStore audit = AuditStore.open(data)) {
            assertThat(audit.reload(fixed.id()).orElseThrow().changes()).hasSize(1);
        }
        assertThat(ask("Fixed")).isEqualTo("[#mychannel] <stickyman> Fixed viewer");
        assertThat(MetricsText.scrape(metrics).value(SUCCESSFUL)).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Cli.run(cliEnv, "status").stdout()).doesNotContain("! config:"));
    }

    @Test
    void aFirstStartWithABrokenFileAndNoHistoryStillExitsTwo() {
        Path config = dir.resolve("bots.toml");
        ConfigFiles.save(config, crew("Broken {user}", true));
        bot = HupbotProcess.shell(config, dir.resolve("data"), ShellReloadIT.ENV);
        assertThat(bot.awaitExit(WAIT)).isEqualTo(2);
        assertThat(bot.stderr()).anyMatch(l -> l.contains("hupbot run: nothing to run, the configuration was rejected:"));
        assertThat(bot.stderr()).noneMatch(l -> l.contains("running the last applied version"));
    }
}
