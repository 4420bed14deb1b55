package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ShellCrew;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config path turned into things that are not a config file, under a running process, each
 * followed by a real SIGHUP: a directory, a FIFO (which must not block the reload thread), a
 * 50 MB file, bytes that are not UTF-8, a file deleted between the signal and the read. Each is
 * REJECTED with a message that says what is wrong and how to fix it; the process and its bots
 * carry on; a good file afterwards applies.
 */
class ConfigPathTortureIT {
    static final String RUNNING = "Hello {user}!";

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    @BeforeEach
    void start() {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        ShellCrew.save(config, ShellCrew.config(RUNNING, 0));
        bot = ShellCrew.start(config, data);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    /** Signals, waits for the reload's row, checks it was rejected for {@code problem} and nothing changed. */
    private void rejected(String problem) {
        long before = AuditRows.latestId(data);
        int from = bot.stderrSize();
        bot.signal("HUP");
        ReloadSummary reload = AuditRows.awaitAfter(data, before, ShellCrew.WAIT);
        assertThat(reload.outcome()).as(problem).isEqualTo(Outcome.REJECTED);
        try (AuditStore audit = AuditStore.open(data)) {
            ReloadDetail detail = audit.reload(reload.id()).orElseThrow();
            assertThat(detail.problems()).containsExactly(problem);
            assertThat(detail.changes()).isEmpty();
        }
        bot.awaitStderr(from, l -> l.endsWith("Failed to reload configuration - keeping existing configuration (reload #"
                + reload.id() + "): " + problem), ShellCrew.WAIT);
        assertThat(bot.isAlive()).isTrue();
        assertThat(ShellCrew.ask(bot, "Hello")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");
    }

    @Test
    void directoryFifoHugeFileBadBytesAndAVanishedFileAreEachRejectedAndTheProcessCarriesOn() throws Exception {
        Files.delete(config);
        Files.createDirectory(config);
        rejected(config + ":1:1: error: is a directory, not a file; point --config at the bots.toml file");

        Files.delete(config);
        Process mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        rejected(config + ":1:1: error: not a regular file (a FIFO, socket or device); point --config at a plain file");
        Files.delete(config);

        try (RandomAccessFile huge = new RandomAccessFile(config.toFile(), "rw")) {
            huge.setLength(50L * 1024 * 1024);
        }
        rejected(config + ":1:1: error: file is 52,428,800 bytes, over the limit of 1,048,576 bytes (1 MiB);"
                + " is it the right file? A bots.toml is normally a few kilobytes");

        // Saved as Latin-1 by an old editor: the é is one byte, 0xE9, which UTF-8 does not allow there.
        String latin1 = ShellCrew.config("Latin-1 café", 0);
        java.util.List<String> lines = latin1.lines().toList();
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("café")).findFirst().orElseThrow());
        Files.write(config, latin1.getBytes(StandardCharsets.ISO_8859_1));
        rejected(config + ":" + (line + 1) + ":" + (lines.get(line).indexOf('é') + 1)
                + ": error: not valid UTF-8 (byte 0xE9); save the file as UTF-8");

        // The deletion usually wins the race with the reload thread; when the read wins, the file
        // it read was good and applies. Either way nothing else may happen, and the race must be
        // won at least once.
        boolean vanished = false;
        for (int attempt = 0; attempt < 10 && !vanished; attempt++) {
            ShellCrew.save(config, ShellCrew.config(RUNNING, 0));
            long before = AuditRows.latestId(data);
            bot.signal("HUP");
            Files.delete(config);
            ReloadSummary reload = AuditRows.awaitAfter(data, before, ShellCrew.WAIT);
            vanished = reload.outcome() == Outcome.REJECTED;
            try (AuditStore audit = AuditStore.open(data)) {
                ReloadDetail detail = audit.reload(reload.id()).orElseThrow();
                if (vanished) {
                    assertThat(detail.problems()).containsExactly(
                            config + ":1:1: error: no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)");
                } else {
                    assertThat(reload.outcome()).isIn(Outcome.APPLIED, Outcome.UNCHANGED);
                }
            }
            assertThat(bot.isAlive()).isTrue();
        }
        assertThat(vanished).as("the file was gone when the reload read it").isTrue();

        ShellCrew.save(config, ShellCrew.config("All good again, {user}", 0));
        long before = AuditRows.latestId(data);
        bot.signal("HUP");
        assertThat(AuditRows.awaitAfter(data, before, ShellCrew.WAIT).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ShellCrew.ask(bot, "All good again")).isEqualTo("[#mychannel] <stickyman> All good again, viewer");
        assertThat(bot.stdout()).filteredOn(l -> l.contains("stickyman joined")).hasSize(1);
    }
}
