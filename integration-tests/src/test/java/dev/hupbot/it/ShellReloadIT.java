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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar in shell-chat mode, driven through stdin/stdout, reloaded by real signals. */
class ShellReloadIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TOKEN = "oauth:s3cr3t-stickyman-token-value";
    static final Map<String, String> ENV = Map.of("TWITCH_TOKEN_STICKYMAN", TOKEN);

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    static String configWith(String helloResponse) {
        return """
                # test crew
                [defaults]
                channels = ["mychannel"]

                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"

                [bots.commands.hello]
                response = "%s"
                aliases = ["hi"]
                """.formatted(helloResponse);
    }

    @BeforeEach
    void start() throws IOException {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        write(configWith("Hello {user}!"));
        bot = HupbotProcess.shell(config, data, ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
    }

    @AfterEach
    void stop() {
        bot.close();
        assertNoSecretIn(bot.stdout());
        assertNoSecretIn(bot.stderr());
    }

    void write(String text) {
        ConfigFiles.save(config, text);
    }

    String ask(String line, String expectedReplyPart) {
        int from = bot.stdoutSize();
        bot.say(line);
        return bot.awaitStdout(from, l -> l.contains("<stickyman>") && l.contains(expectedReplyPart), WAIT);
    }

    ReloadSummary awaitReloadAfter(long id) {
        return AuditRows.awaitAfter(data, id, WAIT);
    }

    long latestId() {
        return AuditRows.latestId(data);
    }

    static void assertNoSecretIn(List<String> lines) {
        assertThat(lines).noneMatch(l -> l.contains("s3cr3t"));
    }

    @Test
    void changedCommandAnswersTheNewWayAfterSighup() throws IOException {
        assertThat(ask("!hello", "Hello viewer!")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
        long before = latestId();

        write(configWith("Howdy {user}, welcome to {channel}!"));
        bot.signal("HUP");
        ReloadSummary reload = awaitReloadAfter(before);

        assertThat(reload.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(reload.trigger()).isEqualTo(Trigger.SIGHUP);
        assertThat(ask("!hi", "Howdy")).isEqualTo("[#mychannel] <stickyman> Howdy viewer, welcome to mychannel!");
        assertThat(bot.stderr()).anyMatch(l -> l.contains("SIGHUP received - reloading configuration..."));
        assertThat(bot.stderr()).anyMatch(l -> l.contains(
                "bot=stickyman commands.hello.response: \"Hello {user}!\" -> \"Howdy {user}, welcome to {channel}!\" [HOT]"));
        assertThat(bot.stderr()).anyMatch(l -> l.matches(
                ".*Configuration reloaded successfully \\(reload #" + reload.id() + ", 1 change in 1 bot, \\d+ ms\\)"));
        // A HOT change: the bot neither left nor rejoined.
        assertThat(bot.stdout()).filteredOn(l -> l.contains("stickyman joined")).hasSize(1);
    }

    @Test
    void invalidFileIsRejectedWithLineAndColumnAndTheOldSettingsKeepRunning() throws IOException {
        long before = latestId();
        write(configWith("Hello {user}!") + "\n[bots.ai]\ntemperature = 7.5\n");
        bot.signal("HUP");
        ReloadSummary reload = awaitReloadAfter(before);

        assertThat(reload.outcome()).isEqualTo(Outcome.REJECTED);
        try (AuditStore audit = AuditStore.open(data)) {
            ReloadDetail detail = audit.reload(reload.id()).orElseThrow();
            assertThat(detail.problems()).singleElement().asString()
                    .startsWith(config + ":14:1: error: bots[stickyman].ai.temperature:");
            assertThat(detail.changes()).isEmpty();
        }
        assertThat(bot.stderr()).anyMatch(l -> l.contains(
                "Failed to reload configuration - keeping existing configuration (reload #" + reload.id() + "): " + config + ":14:1"));
        assertThat(bot.isAlive()).isTrue();
        assertThat(ask("!hello", "Hello viewer!")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
    }

    @Test
    void aBurstOfTwentySighupsLeavesTheFinalFileAppliedAndNoRowInProgress() throws IOException {
        long before = latestId();
        for (int i = 1; i <= 20; i++) {
            write(configWith("Reply number " + i));
            bot.signal("HUP");
        }
        try (AuditStore audit = AuditStore.open(data)) {
            // The signals are asynchronous: wait until the last one has been served.
            await().atMost(WAIT).until(() -> audit.lastAppliedText().equals(java.util.Optional.of(configWith("Reply number 20")))
                    && audit.history(100).stream().noneMatch(r -> r.outcome() == Outcome.IN_PROGRESS));
            List<ReloadSummary> burst = audit.history(100).stream().filter(r -> r.id() > before).toList();
            assertThat(burst).isNotEmpty().allMatch(r -> r.outcome() == Outcome.APPLIED || r.outcome() == Outcome.UNCHANGED);
            // Every signal is either its own reload or counted as folded into one.
            int accounted = burst.stream().mapToInt(r -> 1 + r.coalescedSignals()).sum();
            assertThat(accounted).isLessThanOrEqualTo(20);
        }
        assertThat(ask("!hello", "Reply number 20")).isEqualTo("[#mychannel] <stickyman> Reply number 20");
        assertThat(bot.isAlive()).isTrue();
    }

    @Test
    void sigtermExitsZeroAndRemovesThePidfile() {
        Path pidfile = data.resolve("hupbot.pid");
        assertThat(pidfile).content().isEqualToIgnoringNewLines(Long.toString(bot.pid()));
        bot.signal("TERM");
        assertThat(bot.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(pidfile).doesNotExist();
        assertThat(bot.stdout()).anyMatch(l -> l.equals("[#mychannel] * stickyman left"));
    }

    @Test
    void reloadCommandExitsZeroForAGoodFileOneForABadFileTwoWithNoProcess() throws IOException {
        Map<String, String> env = Map.of("HUPBOT_DATA", data.toString());
        write(configWith("Good {user}"));
        Cli.Result good = Cli.run(env, "reload");
        assertThat(good.exitCode()).as(good.stderr()).isZero();
        assertThat(good.stdout()).containsPattern("reload #\\d+ APPLIED \\(1 change in 1 bot, \\d+ ms\\)")
                .contains("bot=stickyman commands.hello.response: \"Hello {user}!\" -> \"Good {user}\" [HOT]");

        write("[[bots]]\nname = \"stickyman\"\ntoken = 42\n");
        Cli.Result bad = Cli.run(env, "reload");
        assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(1);
        assertThat(bad.stdout()).containsPattern("reload #\\d+ REJECTED").contains(config + ":3:1: error: bots[stickyman].token:");

        bot.signal("TERM");
        assertThat(bot.awaitExit(Duration.ofSeconds(10))).isZero();
        Cli.Result none = Cli.run(env, "reload");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("no running hupbot");
    }

    @Test
    void historyExportOfAnOldReloadReproducesThatFileByteForByte() throws IOException {
        String first = Files.readString(config);
        long before = latestId();
        write(configWith("Second version ünïcödé ✓\\r\\n"));
        bot.signal("HUP");
        assertThat(awaitReloadAfter(before).outcome()).isEqualTo(Outcome.APPLIED);

        long startupId;
        try (AuditStore audit = AuditStore.open(data)) {
            startupId = audit.history(100).stream().filter(r -> r.trigger() == Trigger.STARTUP).findFirst().orElseThrow().id();
        }
        Cli.Result export = Cli.run(Map.of(), "history", "export", Long.toString(startupId), "--data", data.toString());
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(export.stdoutBytes()).isEqualTo(first.getBytes(StandardCharsets.UTF_8));

        // Rollback is export, save, reload.
        Files.write(config, export.stdoutBytes());
        Cli.Result rollback = Cli.run(Map.of("HUPBOT_DATA", data.toString()), "reload");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isZero();
        assertThat(ask("!hello", "Hello viewer!")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
    }
}
