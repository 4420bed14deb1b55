package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir Path dir;
    final AtomicInteger changes = new AtomicInteger();
    ConfigWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    ConfigWatcher watch(Path... files) {
        watcher = ConfigWatcher.create(List.of(files), changes::incrementAndGet);
        watcher.start();
        return watcher;
    }

    /** Held past the debounce window, so a late call would be seen. */
    void assertCallsStay(int count) {
        await().during(ConfigWatcher.QUIET.multipliedBy(3)).atMost(WAIT).until(() -> changes.get() == count);
    }

    @Test
    void aBurstOfSavesIsOneCall() throws IOException {
        Path file = Files.writeString(dir.resolve("bots.toml"), "a", StandardCharsets.UTF_8);
        watch(file);
        for (int i = 0; i < 10; i++) {
            Files.writeString(file, "save " + i, StandardCharsets.UTF_8);
        }
        await().atMost(WAIT).until(() -> changes.get() >= 1);
        assertCallsStay(1);
    }

    @Test
    void neighboursAndSameBytesAreNoCall() throws IOException {
        Path file = Files.writeString(dir.resolve("bots.toml"), "same", StandardCharsets.UTF_8);
        watch(file);
        Files.writeString(dir.resolve(".bots.toml.swp"), "editor", StandardCharsets.UTF_8);
        Files.writeString(file, "same", StandardCharsets.UTF_8);
        assertCallsStay(0);
        Files.writeString(file, "other", StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> changes.get() == 1);
    }

    @Test
    void aFileThatAppearsLaterIsACall() throws IOException {
        Path env = dir.resolve(".env");
        watch(env);
        Files.writeString(env.resolveSibling(".env.tmp"), "A=1", StandardCharsets.UTF_8);
        Files.move(env.resolveSibling(".env.tmp"), env, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(WAIT).until(() -> changes.get() == 1);
        Files.delete(env);
        await().atMost(WAIT).until(() -> changes.get() == 2);
    }

    @Test
    void aFifoIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("bots.toml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(ConfigWatcher.fingerprint(fifo)).startsWith("other:");
        assertThat(ConfigWatcher.fingerprint(dir.resolve("missing"))).isEqualTo("absent");
    }
}
