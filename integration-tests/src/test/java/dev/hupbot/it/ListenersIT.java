package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.ListeningSockets;
import dev.hupbot.it.support.ListeningSockets.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged jar listens on, read from /proc as {@code ss -ltnp} would: nothing but the
 * audit database's loopback AUTO_SERVER unless asked, loopback by default, and another address
 * only for the listener it was asked for.
 */
class ListenersIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    @BeforeEach
    void writeConfig() throws IOException {
        assumeThat(ListeningSockets.supported()).as("Linux /proc lists the sockets").isTrue();
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    HupbotProcess start(Map<String, String> extraEnv, String... flags) {
        Map<String, String> env = new HashMap<>(ShellReloadIT.ENV);
        env.putAll(extraEnv);
        List<String> args = new java.util.ArrayList<>(List.of("--chat", "shell"));
        args.addAll(List.of(flags));
        return HupbotProcess.start(config, data, env, args.toArray(String[]::new));
    }

    HupbotProcess running(Map<String, String> extraEnv, String... flags) {
        bot = start(extraEnv, flags);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        return bot;
    }

    /** The AUTO_SERVER port, from the lock file H2 keeps beside the open database. */
    int autoServerPort() throws IOException {
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("hupbot.lock.db"))) {
            lock.load(in);
        }
        String server = lock.getProperty("server");
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    @Test
    void withNoFlagsOnlyTheDatabasesLoopbackListenerIsOpen() throws IOException {
        running(Map.of());

        List<Listener> listeners = ListeningSockets.of(bot.pid());

        assertThat(listeners).singleElement().satisfies(l -> {
            assertThat(l.isLoopback()).as(l.toString()).isTrue();
            assertThat(l.port()).isEqualTo(autoServerPort());
        });
        assertThat(bot.stderr()).noneMatch(l -> l.contains("H2 console on") || l.contains("Prometheus metrics on"));
    }

    @Test
    void theConsoleAndMetricsListenOnLoopbackByDefault() {
        running(Map.of("HUPBOT_H2_CONSOLE_PASSWORD", "pw"), "--h2-console-port", "0", "--metrics-port", "0");

        List<Listener> listeners = ListeningSockets.of(bot.pid());

        assertThat(listeners).hasSize(3).allSatisfy(l -> assertThat(l.isLoopback()).as(l.toString()).isTrue());
    }

    @Test
    void theEnvironmentTurnsThemOnToo() {
        running(Map.of("HUPBOT_H2_CONSOLE_PASSWORD", "pw", "HUPBOT_H2_CONSOLE_PORT", "0", "HUPBOT_METRICS_PORT", "0"));

        assertThat(ListeningSockets.of(bot.pid())).hasSize(3).allMatch(Listener::isLoopback);
        assertThat(bot.stderr()).anyMatch(l -> l.contains("H2 console on http://127.0.0.1:"))
                .anyMatch(l -> l.contains("Prometheus metrics on http://127.0.0.1:"));
    }

    @Test
    void aConsoleBoundToEveryInterfaceLeavesTheDatabaseListenerOnLoopback() throws IOException {
        running(Map.of("HUPBOT_H2_CONSOLE_PASSWORD", "pw"), "--h2-console-port", "0", "--h2-console-bind", "0.0.0.0");

        List<Listener> listeners = ListeningSockets.of(bot.pid());

        assertThat(listeners).hasSize(2);
        assertThat(listeners).filteredOn(Listener::isEveryInterface).singleElement()
                .satisfies(l -> assertThat(bot.stderr()).anyMatch(line -> line.contains("H2 console on http://0.0.0.0:" + l.port())));
        assertThat(listeners).filteredOn(Listener::isLoopback).singleElement()
                .satisfies(l -> assertThat(l.port()).isEqualTo(autoServerPort()));
    }

    @Test
    void theConsoleWithoutAPasswordExitsTwoBeforeAnyBotJoins() {
        bot = start(Map.of(), "--h2-console-port", "0");

        assertThat(bot.awaitExit(WAIT)).isEqualTo(2);
        assertThat(bot.stderr()).contains("hupbot run: the H2 console needs a password: set HUPBOT_H2_CONSOLE_PASSWORD"
                + " (the password of the console's read-only user CONSOLE), or leave --h2-console-port unset");
        assertThat(bot.stdout()).noneMatch(l -> l.contains("joined"));
        assertThat(data.resolve("hupbot.pid")).doesNotExist();
    }

    @Test
    void aTakenPortExitsTwoBeforeAnyBotJoins() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            bot = start(Map.of(), "--metrics-port", Integer.toString(taken.getLocalPort()));

            assertThat(bot.awaitExit(WAIT)).isEqualTo(2);
            assertThat(bot.stderr()).contains("hupbot run: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use (choose another --metrics-port, or --metrics-bind)");
        }
        assertThat(bot.stdout()).noneMatch(l -> l.contains("joined"));
        assertThat(data.resolve("hupbot.pid")).doesNotExist();
    }
}
