package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.HupbotProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 3: a 4 KB file with arrays nested 2,000 deep overflowed tomlj's parser, killed
 * the reload worker and left its row IN_PROGRESS, so every later reload timed out. Now it is a
 * positioned problem for {@code check} (exit 2) and a REJECTED reload, and the next file applies.
 */
class HostileConfigIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Map<String, String> ENV = Map.of("TWITCH_TOKEN_STICKYMAN", "oauth:s3cr3t-stickyman-token-value");
    static final String TOO_DEEP = "error: arrays and inline tables nested more than 64 levels deep (a bots.toml needs 3"
            + " at most); close the brackets opened before this one, or flatten the value";

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    static String crew(String response) {
        return """
                [defaults]
                channels = ["mychannel"]

                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"

                [bots.commands.hello]
                response = "%s"
                """.formatted(response);
    }

    /** The report's file: about 4 KB, one key, 2,000 levels (line 10, the first bracket at column 9). */
    static String deep() {
        return crew("Deep {user}") + "extra = " + "[".repeat(2000) + "]".repeat(2000) + "\n";
    }

    @BeforeEach
    void start() {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        ConfigFiles.save(config, crew("Hello {user}!"));
        bot = HupbotProcess.shell(config, data, ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void checkRefusesTheDeepFileAtItsPositionWithExitTwoAndNoStackTrace() {
        Path file = dir.resolve("deep.toml");
        ConfigFiles.save(file, deep());
        Cli.Result check = Cli.run(ENV, "check", file.toString());
        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(2);
        assertThat(check.stderr()).startsWith(file + ":10:73: " + TOO_DEEP + "\n")
                .contains(file + ": INVALID (1 error)")
                .doesNotContain("StackOverflowError").doesNotContain("\tat ");
    }

    @Test
    void sighupWithTheDeepFileIsRejectedWithItsPositionAndTheNextGoodFileApplies() {
        long before = AuditRows.latestId(data);
        ConfigFiles.save(config, deep());
        bot.signal("HUP");
        ReloadSummary rejected = AuditRows.awaitAfter(data, before, WAIT);
        assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
        try (AuditStore audit = AuditStore.open(data)) {
            ReloadDetail detail = audit.reload(rejected.id()).orElseThrow();
            assertThat(detail.problems()).containsExactly(config + ":10:73: " + TOO_DEEP);
        }
        assertThat(bot.isAlive()).isTrue();
        int from = bot.stdoutSize();
        bot.say("!hello");
        bot.awaitStdout(from, l -> l.equals("[#mychannel] <stickyman> Hello viewer!"), WAIT);

        // The worker is alive: `hupbot reload` gets its answer instead of timing out.
        ConfigFiles.save(config, crew("Fixed {user}"));
        Cli.Result reload = Cli.run(Map.of("HUPBOT_DATA", data.toString()), "reload", "--timeout", "20s");
        assertThat(reload.exitCode()).as(reload.stdout() + reload.stderr()).isZero();
        assertThat(reload.stdout()).containsPattern("reload #\\d+ APPLIED");
        from = bot.stdoutSize();
        bot.say("!hello");
        bot.awaitStdout(from, l -> l.equals("[#mychannel] <stickyman> Fixed viewer"), WAIT);
        try (AuditStore audit = AuditStore.open(data)) {
            assertThat(audit.history(100)).extracting(ReloadSummary::outcome).doesNotContain(Outcome.IN_PROGRESS);
        }
        assertThat(bot.stderr()).noneMatch(l -> l.contains("StackOverflowError"));
    }
}
