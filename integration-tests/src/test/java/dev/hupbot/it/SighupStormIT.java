package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ShellCrew;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hundred SIGHUPs as fast as kill(2) sends them, the file flipping between two versions. */
class SighupStormIT {
    static final int SIGNALS = 200;

    @TempDir Path dir;

    @Test
    void theProcessLivesAndEndsOnTheFinalFileWithNoRowLeftInProgress() {
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        // Fifty disabled bots make each reload take long enough for signals to pile up behind it.
        String a = ShellCrew.config("Version A", 50);
        String b = ShellCrew.config("Version B", 50);
        String last = ShellCrew.config("The last version, {user}", 50);
        ShellCrew.save(config, a);
        try (HupbotProcess bot = ShellCrew.start(config, data)) {
            long before = AuditRows.latestId(data);

            for (int i = 1; i < SIGNALS; i++) {
                ShellCrew.save(config, i % 2 == 0 ? a : b);
                bot.signal("HUP");
            }
            // Only this version is the final file: seeing it applied means the last signal was served.
            ShellCrew.save(config, last);
            bot.signal("HUP");

            try (AuditStore audit = AuditStore.open(data)) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                        audit.lastAppliedText().equals(Optional.of(last))
                                && audit.history(SIGNALS + 10).stream().noneMatch(r -> r.outcome() == Outcome.IN_PROGRESS));
                List<ReloadSummary> storm = audit.history(SIGNALS + 10).stream().filter(r -> r.id() > before).toList();
                assertThat(storm).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.outcome()).isIn(Outcome.APPLIED, Outcome.UNCHANGED));
                // The kernel merges a SIGHUP that arrives while one is pending; every one that reached
                // the process is a reload or counted as folded into one.
                int accounted = storm.stream().mapToInt(r -> 1 + r.coalescedSignals()).sum();
                assertThat(accounted).isBetween(1, SIGNALS);
                System.out.printf("%d SIGHUPs: %d reloads, %d signals folded in, %d merged by the kernel%n",
                        SIGNALS, storm.size(), accounted - storm.size(), SIGNALS - accounted);
            }
            assertThat(bot.isAlive()).isTrue();
            assertThat(ShellCrew.ask(bot, "The last version")).isEqualTo("[#mychannel] <stickyman> The last version, viewer");
            assertThat(bot.stdout()).filteredOn(l -> l.contains("stickyman joined")).hasSize(1);
        }
    }
}
