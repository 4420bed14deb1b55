package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.HupbotProcess;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 5: {@code hupbot reload} signals only the hupbot that runs on its data
 * directory, the one holding the pidfile's lock, never whatever process the pidfile names.
 */
class ReloadTargetIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Test
    void aForeignPidInAStalePidfileGetsNoSignal() throws Exception {
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"));
        try (HupbotProcess bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV)) {
            bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
            bot.signal("TERM");
            assertThat(bot.awaitExit(WAIT)).isZero();
        }
        Path notes = Files.writeString(dir.resolve("hupbot.jar.notes"), "notes\n");
        Process tail = new ProcessBuilder("tail", "-f", notes.toString()).start();
        try {
            Path pidfile = data.resolve("hupbot.pid");
            Files.writeString(pidfile, tail.pid() + "\n");

            Cli.Result reload = Cli.run(ShellReloadIT.ENV, "reload", "--data", data.toString(), "--timeout", "5s");

            assertThat(reload.exitCode()).isEqualTo(2);
            assertThat(reload.stderr()).isEqualTo("hupbot reload: no running hupbot (pid " + tail.pid() + " in " + pidfile
                    + " holds no lock on it: no hupbot runs on " + data + " (stale pidfile)); start it with `hupbot run`\n");
            assertThat(tail.isAlive()).as("tail -f hupbot.jar.notes got no SIGHUP").isTrue();
        } finally {
            tail.destroyForcibly();
        }
    }

    @Test
    void anotherInstancesPidIsRefusedAndThatInstanceIsNotReloaded() throws Exception {
        Path configA = dir.resolve("a.toml");
        Path configB = dir.resolve("b.toml");
        Path dataA = dir.resolve("data-a");
        Path dataB = dir.resolve("data-b");
        Files.writeString(configA, ShellReloadIT.configWith("Hello from A"));
        Files.writeString(configB, ShellReloadIT.configWith("Hello from B"));
        try (HupbotProcess a = HupbotProcess.shell(configA, dataA, ShellReloadIT.ENV);
                HupbotProcess b = HupbotProcess.shell(configB, dataB, ShellReloadIT.ENV)) {
            a.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
            b.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
            long bLatest = AuditRows.latestId(dataB);
            int bLog = b.stderrSize();
            // Rewrite A's pidfile in place (its inode, and A's lock on it, stay) to name B.
            Path pidfile = dataA.resolve("hupbot.pid");
            try (FileChannel channel = FileChannel.open(pidfile, StandardOpenOption.WRITE)) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((b.pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            }

            Cli.Result reload = Cli.run(ShellReloadIT.ENV, "reload", "--data", dataA.toString(), "--timeout", "5s");

            assertThat(reload.exitCode()).isEqualTo(2);
            assertThat(reload.stderr()).isEqualTo("hupbot reload: refusing to signal: pid " + b.pid() + " in " + pidfile
                    + " is not the hupbot that runs on " + dataA + " (its lock is held by pid " + a.pid()
                    + "); nothing was signalled\n");
            assertThat(b.isAlive()).isTrue();
            assertThat(AuditRows.latestId(dataB)).as("B recorded no reload").isEqualTo(bLatest);
            assertThat(b.stderr().subList(bLog, b.stderrSize())).noneMatch(l -> l.contains("SIGHUP received"));

            // B's own directory reaches B.
            Cli.Result own = Cli.run(ShellReloadIT.ENV, "reload", "--data", dataB.toString());
            assertThat(own.exitCode()).as(own.stderr()).isZero();
            assertThat(own.stdout()).startsWith("reload #" + (bLatest + 1) + " UNCHANGED");
        }
    }
}
