package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Two bots, alpha and bravo, in #mychannel of a fake Twitch server on 127.0.0.1, and the
 * settings a container needs to reach it (host networking) with tokens the fake accepts.
 */
final class TwitchCrew implements AutoCloseable {
    static final List<String> BOTS = List.of("alpha", "bravo");
    static final String CHANNEL = "mychannel";
    static final Duration WAIT = Duration.ofSeconds(60);

    final FakeTwitchServer twitch = FakeTwitchServer.start();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    TwitchCrew() {
        for (String bot : BOTS) {
            tokens.put(bot, twitch.token(bot));
        }
    }

    String token(String bot) {
        return Objects.requireNonNull(tokens.get(bot), () -> "no bot " + bot + " in the crew");
    }

    /** The container's environment: the bots' tokens (bots.toml says ${TOKEN_ALPHA}) and the fake's URLs. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        tokens.forEach((bot, token) -> env.put("TOKEN_" + bot.toUpperCase(Locale.ROOT), token));
        env.put("HUPBOT_TWITCH_IRC_URL", twitch.ircUrl());
        env.put("HUPBOT_TWITCH_AUTH_URL", twitch.authUrl());
        env.put("HUPBOT_TWITCH_HELIX_URL", twitch.helixUrl());
        env.put("HUPBOT_TWITCH_RATE_LIMITS", "UNLIMITED");
        return env;
    }

    /** bots.toml for the crew; alpha answers {@code !ping ARGS} with {@code alphaPing}, bravo as always. */
    static String toml(String alphaPing) {
        StringBuilder text = new StringBuilder("[defaults]\nchannels = [\"" + CHANNEL + "\"]\n");
        for (String bot : BOTS) {
            text.append("""

                    [[bots]]
                    name = "%s"
                    token = "${TOKEN_%s}"
                    intro_message = "hi from %s"

                    [bots.commands.ping]
                    response = "%s"
                    """.formatted(bot, bot.toUpperCase(Locale.ROOT), bot, bot.equals("alpha") ? alphaPing : "pong {args} from {bot}"));
        }
        return text.toString();
    }

    /** Both bots have joined and said their intro. */
    void awaitOnline() {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String bot : BOTS) {
                assertThat(twitch.channelsOf(bot)).contains(CHANNEL);
                assertThat(twitch.messagesFrom(bot)).extracting(ChatLine::text).contains("hi from " + bot);
            }
        });
    }

    /** A viewer says {@code line}; returns {@code bot}'s next message. */
    String answerTo(String line, String bot) {
        int sent = twitch.messagesFrom(bot).size();
        twitch.inject(CHANNEL, "viewer1", line);
        await().alias(bot + " to answer " + line).atMost(WAIT).until(() -> twitch.messagesFrom(bot).size() > sent);
        return twitch.messagesFrom(bot).get(sent).text();
    }

    /** Chat connections each bot has opened so far. */
    Map<String, Integer> connections() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        BOTS.forEach(bot -> counts.put(bot, twitch.connections(bot)));
        return counts;
    }

    @Override
    public void close() {
        twitch.close();
    }
}
