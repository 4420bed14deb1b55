package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ShellCrew;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a reload runs: the process exits 0, and the reload either finished (its row has
 * an outcome) or is found IN_PROGRESS by the next start and marked INTERRUPTED. Never a row
 * that stays IN_PROGRESS after a start, never a non-zero exit.
 */
class SigtermDuringReloadIT {
    static final int ROUNDS = 3;
    /** Big enough that a reload takes a while, so the SIGTERM lands inside it. */
    static final int BOTS = 1000;

    @TempDir Path dir;

    @Test
    void sigtermInTheMiddleOfAReloadExitsZeroAndTheReloadFinishesOrIsMarkedInterrupted() throws Exception {
        long seed = Long.getLong("hupbot.it.seed", System.nanoTime());
        Random random = new Random(seed);
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ShellCrew.save(config, ShellCrew.config("Version 0", BOTS));
        HupbotProcess bot = ShellCrew.start(config, data);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String where = "round " + round + " (seed " + seed + ")";
                ShellCrew.save(config, ShellCrew.config("Version " + round, BOTS));
                int from = bot.stderrSize();
                bot.signal("HUP");
                bot.awaitStderr(from, l -> l.contains("SIGHUP received - reloading configuration..."), ShellCrew.WAIT);
                // A random moment inside the reload: this wait is the point of the test.
                TimeUnit.MILLISECONDS.sleep(random.nextInt(300));
                bot.signal("TERM");
                assertThat(bot.awaitExit(Duration.ofSeconds(30))).as(where).isZero();
                assertThat(bot.stdout()).as(where).contains("[#mychannel] * stickyman left");
                bot.close();
                long reloadId;
                try (AuditStore audit = AuditStore.open(data)) {
                    ReloadSummary reload = audit.history(1).get(0);
                    assertThat(reload.trigger()).as(where).isEqualTo(Trigger.SIGHUP);
                    assertThat(reload.outcome()).as(where).isIn(Outcome.APPLIED, Outcome.IN_PROGRESS);
                    reloadId = reload.id();
                    System.out.printf("SIGTERM during reload #%d: %s%n", reload.id(), reload.outcome());
                }
                // The next start finds the row finished, or marks it INTERRUPTED: never IN_PROGRESS.
                bot = ShellCrew.start(config, data);
                try (AuditStore audit = AuditStore.open(data)) {
                    List<ReloadSummary> rows = audit.history(Integer.MAX_VALUE);
                    assertThat(rows).as(where).noneMatch(r -> r.outcome() == Outcome.IN_PROGRESS);
                    assertThat(rows).filteredOn(r -> r.id() == reloadId).singleElement().extracting(ReloadSummary::outcome)
                            .as(where).isIn(Outcome.APPLIED, Outcome.INTERRUPTED);
                }
            }
            bot.signal("TERM");
            assertThat(bot.awaitExit(Duration.ofSeconds(30))).isZero();
        } finally {
            bot.close();
        }
    }
}
