package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --watch}, as a real process: saves in place, by rename, a Kubernetes ConfigMap
 * update (the {@code ..data} symlink swap), a burst of saves, a half-written file, and the
 * config directory replaced. No signal is sent in any of them.
 */
class WatchIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;
    Path data;
    HupbotProcess bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            ShellReloadIT.assertNoSecretIn(bot.stdout());
            ShellReloadIT.assertNoSecretIn(bot.stderr());
        }
    }

    void start(Path config) {
        data = dir.resolve("data");
        bot = HupbotProcess.start(config, data, ShellReloadIT.ENV, "--chat", "shell", "--watch");
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        // The env file beside the bots file is watched too (it may not exist yet: creating it counts).
        bot.awaitStderr(0, l -> l.contains("Watching " + config.toAbsolutePath() + " and "
                + config.toAbsolutePath().resolveSibling(".env") + " for changes (reload 300 ms after the last save)"), WAIT);
        assertThat(ask("!hello", "Hello viewer!")).isNotEmpty();
    }

    Path plainConfig() throws IOException {
        Path config = dir.resolve("bots.toml");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
        return config;
    }

    String ask(String line, String expected) {
        int from = bot.stdoutSize();
        bot.say(line);
        return bot.awaitStdout(from, l -> l.contains("<stickyman>") && l.contains(expected), WAIT);
    }

    ReloadSummary awaitWatchReloadAfter(long id) {
        ReloadSummary reload = AuditRows.awaitAfter(data, id, WAIT);
        assertThat(reload.trigger()).isEqualTo(Trigger.WATCH);
        return reload;
    }

    static void saveByRename(Path config, String text) throws IOException {
        Path temp = config.resolveSibling(config.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aSaveInPlaceReloads() throws IOException {
        Path config = plainConfig();
        start(config);
        long before = AuditRows.latestId(data);
        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!"), StandardCharsets.UTF_8); // truncates, same inode
        assertThat(awaitWatchReloadAfter(before).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "Howdy")).isEqualTo("[#mychannel] <stickyman> Howdy viewer!");
        assertThat(bot.stderr()).anyMatch(l -> l.contains("Config file changed (WATCH) - reloading configuration..."));
    }

    @Test
    void aSaveByRenameReloads() throws IOException {
        Path config = plainConfig();
        start(config);
        long before = AuditRows.latestId(data);
        saveByRename(config, ShellReloadIT.configWith("Hey {user}!"));
        assertThat(awaitWatchReloadAfter(before).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "Hey")).isEqualTo("[#mychannel] <stickyman> Hey viewer!");
    }

    /** What the kubelet does: a new timestamped directory, {@code ..data} renamed onto it, the old one deleted. */
    @Test
    void aConfigMapSymlinkSwapReloads() throws IOException {
        Path mount = Files.createDirectory(dir.resolve("config"));
        Path first = Files.createDirectory(mount.resolve("..2026_12_02_04_00_00.000000001"));
        Files.writeString(first.resolve("bots.toml"), ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
        Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
        Path config = mount.resolve("bots.toml");
        Files.createSymbolicLink(config, Path.of("..data/bots.toml"));
        start(config);

        long before = AuditRows.latestId(data);
        Path second = Files.createDirectory(mount.resolve("..2026_12_02_04_05_00.000000002"));
        Files.writeString(second.resolve("bots.toml"), ShellReloadIT.configWith("Swapped {user}!"), StandardCharsets.UTF_8);
        Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
        Instant swapped = Instant.now();
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(first.resolve("bots.toml"));
        Files.delete(first);

        ReloadSummary reload = awaitWatchReloadAfter(before);
        // From the rows' own clock: the test's polling of the database is not part of it.
        long tookMs = Duration.between(swapped, Objects.requireNonNull(reload.finishedAt())).toMillis();
        assertThat(reload.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "Swapped")).isEqualTo("[#mychannel] <stickyman> Swapped viewer!");
        System.out.println("WatchIT: ConfigMap-style ..data swap to a finished WATCH reload row: " + tookMs + " ms");
    }

    @Test
    void tenSavesInABurstAreOneOrTwoReloadsAndTheLastFileWins() throws IOException {
        Path config = plainConfig();
        start(config);
        long before = AuditRows.latestId(data);
        for (int i = 1; i <= 10; i++) {
            saveByRename(config, ShellReloadIT.configWith("Save " + i + " {user}!"));
        }
        String last = Files.readString(config);
        await().atMost(WAIT).until(() -> lastApplied().equals(last));
        assertThat(ask("!hello", "Save 10 ")).isEqualTo("[#mychannel] <stickyman> Save 10 viewer!");
        // Held for a second past the debounce window: no late reload follows.
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> rowsAfter(before).size() <= 2);
        List<ReloadSummary> rows = rowsAfter(before);
        assertThat(rows).hasSizeBetween(1, 2).allMatch(r -> r.trigger() == Trigger.WATCH);
        assertThat(rows.get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(lastApplied()).isEqualTo(last);
        System.out.println("WatchIT: ten saves in a burst gave " + rows.size() + " reload row(s)");
    }

    @Test
    void aHalfWrittenFileIsRejectedAndTheNextSaveApplies() throws IOException {
        Path config = plainConfig();
        start(config);
        long before = AuditRows.latestId(data);
        String full = ShellReloadIT.configWith("Complete {user}!");
        Files.writeString(config, full.substring(0, full.indexOf("token")) + "tok", StandardCharsets.UTF_8);
        ReloadSummary half = awaitWatchReloadAfter(before);
        assertThat(half.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(ask("!hello", "Hello viewer!")).isEqualTo("[#mychannel] <stickyman> Hello viewer!");

        Files.writeString(config, full, StandardCharsets.UTF_8);
        assertThat(awaitWatchReloadAfter(half.id()).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "Complete")).isEqualTo("[#mychannel] <stickyman> Complete viewer!");
    }

    @Test
    void theWatchSurvivesTheDirectoryBeingReplaced() throws IOException {
        Path configDir = Files.createDirectory(dir.resolve("conf"));
        Path config = configDir.resolve("bots.toml");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
        start(config);

        long before = AuditRows.latestId(data);
        Path fresh = Files.createDirectory(dir.resolve("conf.new"));
        Files.writeString(fresh.resolve("bots.toml"), ShellReloadIT.configWith("New dir {user}!"), StandardCharsets.UTF_8);
        Files.move(configDir, dir.resolve("conf.old"));
        Files.move(fresh, configDir);
        ReloadSummary replaced = awaitWatchReloadAfter(before);
        assertThat(replaced.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "New dir")).isEqualTo("[#mychannel] <stickyman> New dir viewer!");

        // A save in the new directory is seen: it is the one watched now, not the old one.
        saveByRename(config, ShellReloadIT.configWith("Still watched {user}!"));
        assertThat(awaitWatchReloadAfter(replaced.id()).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ask("!hello", "Still watched")).isEqualTo("[#mychannel] <stickyman> Still watched viewer!");
    }

    String lastApplied() {
        try (AuditStore audit = AuditStore.open(data)) {
            return audit.lastAppliedText().orElse("");
        }
    }

    List<ReloadSummary> rowsAfter(long id) {
        try (AuditStore audit = AuditStore.open(data)) {
            return audit.history(50).stream().filter(r -> r.id() > id).sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        }
    }
}
