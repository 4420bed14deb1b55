package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.NotifySocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under systemd: the packaged jar with {@code NOTIFY_SOCKET} set to a datagram socket this test
 * listens on, through a start, a good and a bad reload by SIGHUP, and SIGTERM.
 */
class SystemdNotifyIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;
    NotifySocket socket;
    HupbotProcess bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
            ShellReloadIT.assertNoSecretIn(bot.stderr());
        }
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void startAGoodAndABadReloadAndStopAreToldToSystemd() throws IOException {
        socket = NotifySocket.bind(dir.resolve("notify.sock").toString());
        runThrough();
    }

    @Test
    void anAbstractSocketNameWorksToo() throws IOException {
        socket = NotifySocket.bind("@hupbot-it-" + UUID.randomUUID());
        runThrough();
    }

    void runThrough() throws IOException {
        Path config = dir.resolve("bots.toml");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(ShellReloadIT.ENV);
        env.put("NOTIFY_SOCKET", socket.name());
        bot = HupbotProcess.start(config, dir.resolve("data"), env, "--chat", "shell");
        awaitMessages(1);
        assertThat(socket.messages()).containsExactly("READY=1\nSTATUS=Reload #1 (STARTUP): APPLIED");

        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!"), StandardCharsets.UTF_8);
        long before = NotifySocket.monotonicMicros();
        bot.signal("HUP");
        awaitMessages(3);
        long after = NotifySocket.monotonicMicros();
        String reloading = socket.messages().get(1);
        assertThat(reloading).matches("RELOADING=1\nMONOTONIC_USEC=\\d+");
        long usec = Long.parseLong(reloading.substring(reloading.indexOf('=', 12) + 1));
        // CLOCK_MONOTONIC, the clock systemd compares it with: read between the signal and the
        // answer, and within a second of the test's own reading when it sent the signal.
        assertThat(usec).isBetween(before, after);
        assertThat(usec - before).isLessThan(1_000_000);
        assertThat(socket.messages().get(2)).isEqualTo("READY=1\nSTATUS=Reload #2 (SIGHUP): APPLIED");

        Files.writeString(config, ShellReloadIT.configWith("Howdy {user}!") + "\n[bots.ai]\ntemperature = 7.5\n", StandardCharsets.UTF_8);
        bot.signal("HUP");
        awaitMessages(5);
        assertThat(socket.messages().get(3)).startsWith("RELOADING=1\nMONOTONIC_USEC=");
        assertThat(socket.messages().get(4)).isEqualTo("READY=1\nSTATUS=Reload #3 (SIGHUP): REJECTED"
                + " - keeping the previous configuration; see hupbot history show 3");

        bot.signal("TERM");
        assertThat(bot.awaitExit(WAIT)).isZero();
        awaitMessages(6);
        assertThat(socket.messages().get(5)).isEqualTo("STOPPING=1\nSTATUS=Stopping: leaving chat");
        assertThat(socket.messages()).hasSize(6);
        System.out.println("SystemdNotifyIT: messages on " + socket.name() + ":\n  "
                + String.join("\n  ", socket.messages().stream().map(m -> m.replace("\n", "\\n")).toList()));
    }

    void awaitMessages(int count) {
        await().atMost(WAIT).until(() -> socket.messages().size() >= count);
        List<String> now = socket.messages();
        assertThat(now).hasSize(count);
    }
}
