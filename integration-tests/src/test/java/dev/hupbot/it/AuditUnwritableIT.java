package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ShellCrew;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit database stops taking writes while the bots run. Permissions cannot do that to a
 * root process (and not to a file it already holds open), so the file is made immutable with
 * {@code chattr +i}: every write through the open descriptor then fails with EPERM, as on a
 * full or read-only disk. A reload in that state must change nothing (no change without a
 * record), the bots must keep answering, and once the file is writable again the next reload
 * must apply and be recorded.
 */
class AuditUnwritableIT {
    @TempDir Path dir;
    private Path immutable = Path.of("");

    @AfterEach
    void makeItWritableAgain() throws Exception {
        if (!immutable.toString().isEmpty()) {
            chattr("-i", immutable);
        }
    }

    @Test
    void aReloadWhileTheDatabaseCannotBeWrittenChangesNothingAndTheNextOneAfterTheFixApplies() throws Exception {
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ShellCrew.save(config, ShellCrew.config("Hello {user}!", 0));
        try (HupbotProcess bot = ShellCrew.start(config, data)) {
            assertThat(ShellCrew.ask(bot, "Hello")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
            long before = AuditRows.latestId(data);

            Path file = AuditStore.databaseFile(data);
            assumeTrue(chattr("+i", file) == 0, "chattr +i works here (root on ext4, xfs, btrfs, tmpfs...)");
            immutable = file;
            assertThat(Files.isWritable(file)).isFalse();

            int from = bot.stderrSize();
            ShellCrew.save(config, ShellCrew.config("Changed while the database was read-only", 0));
            bot.signal("HUP");
            String failure = bot.awaitStderr(from, l -> l.contains("Failed to reload configuration"), ShellCrew.WAIT);
            // One line, reason and remedy included: H2's message spans lines, the log line must not.
            assertThat(failure).contains("keeping existing configuration")
                    .contains("nothing applied, no change without a record");
            assertThat(bot.stderr().subList(from, bot.stderrSize())).noneMatch(l -> l.contains("Configuration reloaded successfully"));
            assertThat(bot.isAlive()).isTrue();
            assertThat(ShellCrew.ask(bot, "Hello")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");

            assertThat(chattr("-i", file)).isZero();
            immutable = Path.of("");
            ShellCrew.save(config, ShellCrew.config("Back to normal, {user}", 0));
            int fixedFrom = bot.stderrSize();
            bot.signal("HUP");
            String next = bot.awaitStderr(fixedFrom, l -> l.contains("Configuration reloaded successfully")
                    || l.contains("Failed to reload configuration"), ShellCrew.WAIT);
            assertThat(next).as(String.join("\n", bot.stderr().subList(from, bot.stderrSize())))
                    .contains("Configuration reloaded successfully");
            ReloadSummary after = AuditRows.awaitAfter(data, before, ShellCrew.WAIT);
            // The rejected reload may have a row (written once the file took writes again) or none.
            List<ReloadSummary> rows;
            try (AuditStore audit = AuditStore.open(data)) {
                rows = audit.history(100).stream().filter(r -> r.id() > before).toList();
            }
            assertThat(rows).extracting(ReloadSummary::outcome).contains(Outcome.APPLIED)
                    .doesNotContain(Outcome.IN_PROGRESS, Outcome.PARTIAL);
            assertThat(after.outcome()).isIn(Outcome.APPLIED, Outcome.REJECTED);
            assertThat(ShellCrew.ask(bot, "Back to normal")).isEqualTo("[#mychannel] <stickyman> Back to normal, viewer");
            try (AuditStore audit = AuditStore.open(data)) {
                assertThat(audit.lastAppliedText()).hasValue(ShellCrew.config("Back to normal, {user}", 0));
            }
        }
    }

    /** chattr's exit status; -1 when there is no chattr. */
    private static int chattr(String flag, Path file) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
