package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ShellCrew;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments while reloads run back to back, twenty times, each time on a new
 * process over the same data directory. Every restart must open the database, keep every row
 * the earlier processes finished, turn a row left IN_PROGRESS into INTERRUPTED, and apply the
 * file. {@link CrashRecoveryIT} aims one kill at the middle of one reload; this one takes
 * whatever moment comes: between reloads, in the audit writes, while applying.
 */
class KillNineLoopIT {
    static final int ROUNDS = 20;
    static final int BOTS = 200;

    @TempDir Path dir;

    @Test
    void everyRestartAfterAKillKeepsTheHistoryMarksTheInterruptedRowAndAppliesTheFile() throws Exception {
        long seed = Long.getLong("hupbot.it.seed", System.nanoTime());
        Random random = new Random(seed);
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ShellCrew.save(config, ShellCrew.config("Round 0", BOTS));
        Map<Long, Outcome> finished = new HashMap<>();
        int interrupted = 0;
        HupbotProcess bot = ShellCrew.start(config, data);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String where = "round " + round + " (seed " + seed + ", -Dhupbot.it.seed to repeat)";
                AtomicBoolean stop = new AtomicBoolean();
                HupbotProcess victim = bot;
                int version = round * 1000;
                int from = victim.stderrSize();
                Thread storm = new Thread(() -> reloadLoop(config, victim, version, stop), "reload-loop");
                storm.start();
                // The random moment: a few reloads into the loop, then up to a reload's length more.
                // Reloads run back to back, so most kills land inside one, at any stage of it.
                int reloads = 1 + random.nextInt(3);
                await().atMost(ShellCrew.WAIT).until(() -> reloadsStarted(victim, from) >= reloads);
                TimeUnit.MILLISECONDS.sleep(random.nextInt(600));
                victim.signal("KILL");
                stop.set(true);
                storm.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(victim.awaitExit(ShellCrew.WAIT)).as(where).isEqualTo(137);
                victim.close();

                bot = ShellCrew.start(config, data);
                String text = Files.readString(config, StandardCharsets.UTF_8);
                try (AuditStore audit = AuditStore.open(data)) {
                    List<ReloadSummary> rows = audit.history(Integer.MAX_VALUE);
                    assertThat(rows).as(where).noneMatch(r -> r.outcome() == Outcome.IN_PROGRESS);
                    assertThat(rows.size()).as("rows never go away: " + where).isGreaterThan(finished.size());
                    Map<Long, Outcome> now = new HashMap<>();
                    rows.forEach(r -> now.put(r.id(), r.outcome()));
                    finished.forEach((id, outcome) ->
                            assertThat(now.get(id)).as("row #%d, %s before, %s", id, outcome, where).isEqualTo(outcome));
                    interrupted += (int) rows.stream()
                            .filter(r -> !finished.containsKey(r.id()) && r.outcome() == Outcome.INTERRUPTED).count();
                    ReloadSummary startup = rows.get(0);
                    assertThat(startup.trigger()).as(where).isEqualTo(Trigger.STARTUP);
                    assertThat(startup.outcome()).as(where).isEqualTo(Outcome.APPLIED);
                    assertThat(audit.lastAppliedText()).as(where).hasValue(text);
                    finished.clear();
                    finished.putAll(now);
                }
            }
            System.out.printf("%d kills: %d reloads interrupted, %d rows in all (seed %d)%n",
                    ROUNDS, interrupted, finished.size(), seed);
            assertThat(interrupted).as("kills that landed mid-reload, out of %d (seed %d)", ROUNDS, seed).isPositive();
            bot.signal("TERM");
            assertThat(bot.awaitExit(Duration.ofSeconds(30))).isZero();
        } finally {
            bot.close();
        }
    }

    /**
     * Saves a new version and signals, then waits for that reload to start before the next: the
     * coordinator always has one more queued, so reloads run back to back without flooding it.
     */
    private static void reloadLoop(Path config, HupbotProcess bot, int firstVersion, AtomicBoolean stop) {
        try {
            for (int v = firstVersion; !stop.get() && bot.isAlive(); v++) {
                int started = reloadsStarted(bot, 0);
                ShellCrew.save(config, ShellCrew.config("Version " + v, BOTS));
                bot.signal("HUP");
                await().atMost(ShellCrew.WAIT).until(() -> stop.get() || !bot.isAlive() || reloadsStarted(bot, 0) > started);
            }
        } catch (IllegalStateException e) {
            // killed between the check and the signal
        }
    }

    private static int reloadsStarted(HupbotProcess bot, int from) {
        List<String> lines = bot.stderr();
        return (int) lines.subList(Math.min(from, lines.size()), lines.size()).stream()
                .filter(l -> l.contains("SIGHUP received - reloading configuration")).count();
    }
}
