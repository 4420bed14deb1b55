package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a reload, then a restart on the same data directory. */
class CrashRecoveryIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    /** A file big enough that a reload takes long enough to be killed in the middle of it. */
    static String crew(int bots, String variant) {
        StringBuilder toml = new StringBuilder("[defaults]\nchannels = [\"mychannel\"]\n");
        for (int i = 0; i < bots; i++) {
            toml.append("\n[[bots]]\nname = \"bot_").append(i).append("\"\ntoken = \"${TWITCH_TOKEN}\"\n")
                    .append("enabled = ").append(i < 3).append('\n')
                    .append("[bots.commands.hello]\nresponse = \"").append(variant).append(" from bot ").append(i).append("\"\n");
        }
        return toml.toString();
    }

    @Test
    void killNineMidReloadThenRestartKeepsHistoryAndMarksTheInterruptedRow() throws IOException {
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("TWITCH_TOKEN", "oauth:crash-test-token");
        int interruptedSeen = 0;
        long rowsBefore = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Files.writeString(config, crew(2000, "v" + attempt));
            try (HupbotProcess bot = HupbotProcess.shell(config, data, env)) {
                bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
                Files.writeString(config, crew(2000, "w" + attempt));
                // hupbot logs "SIGHUP received" once the reload's row is on disk; with 2,000 bots
                // still to parse, a kill on that line lands in the middle of the reload.
                int from = bot.stderrSize();
                bot.signal("HUP");
                bot.awaitStderr(from, l -> l.contains("SIGHUP received - reloading configuration..."), WAIT);
                bot.signal("KILL");
                assertThat(bot.awaitExit(WAIT)).isEqualTo(137);
            }
            try (HupbotProcess again = HupbotProcess.shell(config, data, env)) {
                again.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
                try (AuditStore audit = AuditStore.open(data)) {
                    List<ReloadSummary> rows = audit.history(1000);
                    assertThat(rows).hasSizeGreaterThan((int) rowsBefore);
                    assertThat(rows).noneMatch(r -> r.outcome() == Outcome.IN_PROGRESS);
                    assertThat(rows.get(0).trigger()).isEqualTo(Trigger.STARTUP);
                    assertThat(rows.get(0).outcome()).isIn(Outcome.APPLIED, Outcome.UNCHANGED);
                    interruptedSeen = (int) rows.stream().filter(r -> r.outcome() == Outcome.INTERRUPTED).count();
                    rowsBefore = rows.size();
                    assertThat(audit.lastAppliedText()).hasValue(crew(2000, "w" + attempt));
                }
                again.signal("TERM");
                assertThat(again.awaitExit(Duration.ofSeconds(10))).isZero();
            }
        }
        assertThat(interruptedSeen).as("each reload killed mid-way is marked INTERRUPTED at the next start").isEqualTo(3);
    }
}
