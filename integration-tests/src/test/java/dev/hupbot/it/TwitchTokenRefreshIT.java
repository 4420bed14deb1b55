package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.twitch.ConnectionEvent;
import dev.hupbot.chat.twitch.TokenRefresh;
import dev.hupbot.chat.twitch.TwitchRateLimits;
import dev.hupbot.chat.twitch.TwitchSettings;
import dev.hupbot.chat.twitch.TwitchTransport;
import dev.hupbot.config.Secret;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.RefreshRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Token refresh in the Twitch transport against the fake Twitch server: tokens live three seconds
 * and are refreshed two seconds in (the one-second margin is under the halfway floor), so each
 * test takes a few seconds of real time.
 */
class TwitchTokenRefreshIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String CLIENT_ID = "hupbot-app-id";
    private static final String CLIENT_SECRET = "hupbot-app-secret-0123456789";

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private FakeTwitchServer fake;
    private TwitchTransport transport;

    @BeforeEach
    void start() {
        logs.start();
        rootLogger().addAppender(logs);
        fake = FakeTwitchServer.start();
        fake.clientCredentials(CLIENT_ID, CLIENT_SECRET);
        fake.tokenLifetime(Duration.ofSeconds(3));
        TwitchSettings settings = TwitchSettings.defaults()
                .withIrcUrl(fake.ircUrl())
                .withAuthUrl(fake.authUrl())
                .withHelixUrl(fake.helixUrl())
                .withRateLimits(TwitchRateLimits.UNLIMITED)
                .withTokenRefresh(TokenRefresh.none().withClient(CLIENT_ID, Secret.of(CLIENT_SECRET))
                        .withMinMargin(Duration.ofSeconds(1)));
        transport = new TwitchTransport(settings, Clock.systemUTC(), events::add);
    }

    @AfterEach
    void stop() {
        try {
            transport.close();
            fake.close();
        } finally {
            rootLogger().detachAppender(logs);
        }
        List<String> secrets = new java.util.ArrayList<>(List.of(CLIENT_SECRET));
        for (RefreshRequest r : fake.refreshRequests()) {
            secrets.add(r.field("refresh_token"));
            secrets.add(Objects.toString(r.accessToken(), r.field("refresh_token")));
            secrets.add(Objects.toString(r.refreshToken(), r.field("refresh_token")));
        }
        for (ILoggingEvent line : logs.list) {
            for (String secret : secrets) {
                assertThat(line.getFormattedMessage()).doesNotContain(secret);
            }
        }
    }

    @Test
    void theTokenIsRefreshedInPlaceAndTheNextLoginUsesIt() {
        String token = fake.token("bot1");
        String refresh = fake.refreshToken("bot1");
        ChatConnection bot = transport.connect("bot1", Secret.of(token), Secret.of(refresh), Set.of("mychannel"),
                (m) -> { });
        await().atMost(DEADLINE).until(bot::connected);

        await().atMost(DEADLINE).until(() -> fake.refreshRequests().size() >= 2);
        RefreshRequest first = fake.refreshRequests().get(0);
        RefreshRequest second = fake.refreshRequests().get(1);
        assertThat(first.form()).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", refresh)
                .containsEntry("client_id", CLIENT_ID).containsEntry("client_secret", CLIENT_SECRET);
        assertThat(first.status()).isEqualTo(200);
        // the fake spends a refresh token once used: the second refresh had to use the rotated one
        assertThat(second.field("refresh_token")).isEqualTo(first.refreshToken());
        assertThat(second.status()).isEqualTo(200);
        assertThat(fake.connections("bot1")).as("a refresh needs no reconnect").isEqualTo(1);
        assertThat(bot.connected()).isTrue();
        assertThat(logLines()).contains("bot=bot1 token refreshed, expires in 3 s");

        // only a refreshed token can log in now
        fake.rejectToken(token);
        int refreshes = fake.refreshRequests().size();
        fake.dropConnections("bot1");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.connections("bot1")).isEqualTo(2);
            assertThat(fake.channelsOf("bot1")).containsExactly("mychannel");
        });
        List<String> minted = fake.refreshRequests().stream().map(RefreshRequest::accessToken).toList();
        String used = fake.loginTokens("bot1").get(1);
        assertThat(minted.subList(refreshes - 1, minted.size())).contains(used);
        assertThat(fake.loginFailures("bot1")).isZero();
    }

    @Test
    void aTokenThatExpiredWhileHupbotWasDownIsRefreshedBeforeTheFirstLogin() {
        String expired = fake.token("bot2");
        fake.rejectToken(expired);
        String refresh = fake.refreshToken("bot2");

        ChatConnection bot = transport.connect("bot2", Secret.of(expired), Secret.of(refresh), Set.of("mychannel"),
                (m) -> { });

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.channelsOf("bot2")).containsExactly("mychannel"));
        assertThat(bot.connected()).isTrue();
        assertThat(fake.loginTokens("bot2")).containsExactly(fake.refreshRequests().get(0).accessToken());
        assertThat(events).extracting(ConnectionEvent::kind).doesNotContain(ConnectionEvent.Kind.TOKEN_REJECTED);
        assertThat(logLines()).containsSubsequence("bot=bot2 Twitch rejected the token; refreshing it",
                "bot=bot2 token refreshed, expires in 3 s", "bot=bot2 connected");
    }

    @Test
    void aTokenRefusedOnAReconnectIsRefreshedAndTheBotComesBack() {
        fake.tokenLifetime(FakeTwitchServer.DEFAULT_TOKEN_LIFETIME); // no planned refresh in this test
        String token = fake.token("bot3");
        ChatConnection bot = transport.connect("bot3", Secret.of(token), Secret.of(fake.refreshToken("bot3")),
                Set.of("mychannel"), (m) -> { });
        await().atMost(DEADLINE).until(bot::connected);

        fake.rejectToken(token);
        fake.dropConnections("bot3");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.channelsOf("bot3")).containsExactly("mychannel");
            assertThat(bot.connected()).isTrue();
        });
        assertThat(fake.refreshRequests()).hasSize(1);
        assertThat(fake.loginTokens("bot3")).last().isEqualTo(fake.refreshRequests().get(0).accessToken());
        assertThat(events).extracting(ConnectionEvent::kind).doesNotContain(ConnectionEvent.Kind.TOKEN_REJECTED);
    }

    @Test
    void aRefusedRefreshLeavesTheRejectedBotOutWithBothFixes() {
        String expired = fake.token("bot4");
        fake.rejectToken(expired);
        fake.refuseRefreshes(400);

        ChatConnection bot = transport.connect("bot4", Secret.of(expired), Secret.of(fake.refreshToken("bot4")),
                Set.of("mychannel"), (m) -> { });

        await().atMost(DEADLINE).until(() -> events.stream().anyMatch(e -> e.kind() == ConnectionEvent.Kind.TOKEN_REJECTED));
        assertThat(logLines()).containsSubsequence(
                "bot=bot4 Twitch rejected the token; refreshing it",
                "bot=bot4 token refresh failed (HTTP 400); generate a new token and refresh_token for bot4 and reload",
                "bot=bot4 Twitch rejected the token; generate a new token for the bot4 account with the chat:read and"
                        + " chat:edit scopes, set it as this bot's token and reload");
        assertThat(bot.connected()).isFalse();
        assertThat(fake.connections("bot4")).isZero();

        // a reload that brings a working refresh token is enough to get the bot in
        fake.acceptRefreshes();
        bot.useRefreshToken(Secret.of(fake.refreshToken("bot4")));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.channelsOf("bot4")).containsExactly("mychannel"));
    }

    private List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
