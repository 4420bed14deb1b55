package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.HupbotProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twitch mode is quiet by default: a chat server out of reach (someone forgot {@code --chat
 * shell}, or has no network) is one line per bot with the fix, not a stack trace per retry, and
 * a short outage is a few lines per bot. The libraries' details are still there at debug.
 */
class TwitchQuietIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final List<String> BOTS = List.of("alpha", "bravo");

    @TempDir Path dir;
    @Nullable FakeTwitchServer twitch;
    @Nullable HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
        if (twitch != null) {
            twitch.close();
        }
    }

    /** Two bots whose tokens come from TOKEN_ALPHA and TOKEN_BRAVO. */
    private Path config() {
        StringBuilder text = new StringBuilder();
        for (String bot : BOTS) {
            text.append("""
                    [[bots]]
                    name = "%s"
                    token = "${TOKEN_%s}"
                    channels = ["mychannel"]
                    [bots.commands.ping]
                    response = "pong"

                    """.formatted(bot, bot.toUpperCase(java.util.Locale.ROOT)));
        }
        Path file = dir.resolve("bots.toml");
        ConfigFiles.save(file, text.toString());
        return file;
    }

    private HupbotProcess run(FakeTwitchServer server) {
        HupbotProcess process = HupbotProcess.start(config(), dir.resolve("data"), env, "--chat", "twitch",
                "--twitch-irc-url", server.ircUrl(), "--twitch-auth-url", server.authUrl(),
                "--twitch-helix-url", server.helixUrl(), "--twitch-rate-limits", "UNLIMITED");
        hupbot = process;
        return process;
    }

    private static long linesOf(List<String> lines, String bot) {
        return lines.stream().filter(l -> l.contains("bot=" + bot + " ") || l.contains("bots[" + bot + "]")).count();
    }

    private static void assertNoStackTraces(List<String> lines) {
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by") || l.matches("\\s+\\.\\.\\. \\d+ more"));
    }

    /** The example's placeholder tokens and no chat server: what forgetting --chat shell looks like. */
    private FakeTwitchServer nothingListening() {
        FakeTwitchServer server = FakeTwitchServer.start();
        server.close(); // its ports are free now: nothing answers there
        env.put("TOKEN_ALPHA", "replace-with-alpha-oauth-token");
        env.put("TOKEN_BRAVO", "replace-with-bravo-oauth-token");
        return server;
    }

    @Test
    void aChatServerOutOfReachIsOneLinePerBotWithTheFixAndNoStackTrace() {
        FakeTwitchServer closed = nothingListening();
        HupbotProcess process = run(closed);
        for (String bot : BOTS) {
            process.awaitStderr(0, l -> l.endsWith("bot=" + bot + " cannot reach Twitch chat at " + closed.ircUrl()
                    + "; retrying with backoff. Check the network, or the --twitch-irc-url setting"), WAIT);
        }
        // twitch4j keeps retrying with backoff all along: none of it reaches the log
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> lines = process.stderr();
                    for (String bot : BOTS) {
                        assertThat(linesOf(lines, bot)).as("lines about %s: %s", bot, lines).isLessThanOrEqualTo(6);
                    }
                    assertThat(lines).as("every line").hasSizeLessThanOrEqualTo(20);
                    assertNoStackTraces(lines);
                });
        List<String> lines = process.stderr();
        assertThat(lines).filteredOn(l -> l.contains("cannot reach Twitch chat")).hasSize(2);
        assertThat(lines).anyMatch(l -> l.endsWith(
                "bots.toml:3:1: warning: bots[alpha].token: TOKEN_ALPHA is still the example's placeholder;"
                        + " set your real token in the env file"))
                .noneMatch(l -> l.contains("WebsocketConnection") || l.contains("TwitchChat -"));
        assertThat(process.stderr().stream().filter(l -> l.contains("WARN") || l.contains("ERROR")))
                .allMatch(l -> l.contains("bot=") || l.contains("warning:"));
    }

    @Test
    void atDebugTheLibrariesDetailsAreThere() {
        FakeTwitchServer closed = nothingListening();
        env.put("HUPBOT_LOG_LEVEL", "debug");
        HupbotProcess process = run(closed);
        process.awaitStderr(0, l -> l.contains("WebsocketConnection") && l.contains("failed: retrying"), WAIT);
        process.awaitStderr(0, l -> l.startsWith("\tat com.github.twitch4j."), WAIT);
        process.awaitStderr(0, l -> l.contains("bot=alpha cannot reach Twitch chat"), WAIT);
    }

    @Test
    void aShortOutageIsAtMostThreeLinesPerBot() {
        FakeTwitchServer server = FakeTwitchServer.start();
        twitch = server;
        List<String> secrets = new ArrayList<>();
        for (String bot : BOTS) {
            String token = server.token(bot);
            secrets.add(token);
            env.put("TOKEN_" + bot.toUpperCase(java.util.Locale.ROOT), token);
        }
        HupbotProcess process = run(server);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String bot : BOTS) {
                assertThat(server.channelsOf(bot)).as("channels of %s", bot).containsExactly("mychannel");
            }
        });
        for (String bot : BOTS) {
            process.awaitStderr(0, l -> l.endsWith("bot=" + bot + " connected"), WAIT);
        }
        int before = process.stderrSize();

        server.stopChat();
        for (String bot : BOTS) {
            process.awaitStderr(before, l -> l.endsWith("bot=" + bot + " disconnected, reconnecting"), WAIT);
            // at least one reconnect found nothing there: twitch4j's failed tries are what used to flood the log
            process.awaitStderr(before, l -> l.contains("bot=" + bot + " cannot reach Twitch chat at"), WAIT);
        }
        server.startChat();

        await().atMost(WAIT).untilAsserted(() -> {
            for (String bot : BOTS) {
                assertThat(server.channelsOf(bot)).as("channels of %s", bot).containsExactly("mychannel");
            }
        });
        for (String bot : BOTS) {
            process.awaitStderr(before, l -> l.contains("bot=" + bot + " connected"), WAIT);
        }
        // and it stays at that: nothing more trickles in once the bots are back
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> outage = process.stderr().subList(before, process.stderrSize());
            for (String bot : BOTS) {
                assertThat(linesOf(outage, bot)).as("lines about %s during the outage: %s", bot, outage)
                        .isLessThanOrEqualTo(3);
            }
            assertThat(outage).as("every line of the outage").hasSizeLessThanOrEqualTo(3 * BOTS.size());
            assertNoStackTraces(outage);
        });
        for (String secret : secrets) {
            assertThat(process.stderr()).noneMatch(l -> l.contains(secret));
        }
    }
}
