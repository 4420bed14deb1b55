package dev.hupbot.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.bot.MutableClock;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.chat.twitch.TokenRotation;
import dev.hupbot.config.Secret;
import dev.hupbot.it.support.FakeTwitchServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The token store in front of the chat transport, with a recording transport, a clock the test
 * moves, and the fake Twitch server's real {@code /validate}: hourly validation, revocation, the
 * rotation written before use, and a bot waiting for {@code hupbot auth login}.
 */
class StoreTokensTest {
    @TempDir Path dir;
    private final MutableClock clock = MutableClock.start();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Recorded> opened = new CopyOnWriteArrayList<>();
    private FakeTwitchServer twitch;
    private TokenStore store;
    private StoreTokens tokens;
    private TokenRotation rotation = TokenRotation.IGNORE;
    private @Nullable Duration tickPeriod;

    /** What the real transport was asked to do. */
    static final class Recorded implements ChatConnection {
        final String login;
        final Secret token;
        final @Nullable Secret refresh;
        final Set<String> channels;
        final List<Secret> reconnects = new ArrayList<>();
        volatile boolean closed;

        Recorded(String login, Secret token, @Nullable Secret refresh, Set<String> channels) {
            this.login = login;
            this.token = token;
            this.refresh = refresh;
            this.channels = new HashSet<>(channels);
        }

        @Override public void join(String channel) { channels.add(channel); }
        @Override public void part(String channel) { channels.remove(channel); }
        @Override public void send(String channel, String text) { }
        @Override
        public CompletionStage<CredentialResult> replaceCredential(Secret t) {
            reconnects.add(t);
            return CompletableFuture.completedFuture(CredentialResult.applied("switched"));
        }
        @Override public Set<String> channels() { return Set.copyOf(channels); }
        @Override public boolean connected() { return !closed; }
        @Override public void close() { closed = true; }
    }

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(StoreTokens.class)).addAppender(logs);
        twitch = FakeTwitchServer.start();
        store = new TokenStore(dir.resolve("data"));
        ChatTransport recording = new ChatTransport() {
            @Override
            public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
                    ChatListener listener) {
                Recorded r = new Recorded(login, token, refreshToken, channels);
                opened.add(r);
                return r;
            }

            @Override
            public void close() { }
        };
        tokens = new StoreTokens(r -> {
            rotation = r;
            return recording;
        }, store, new TwitchOAuth(twitch.authUrl()), clock, (period, task) -> {
            tickPeriod = period;
            return () -> { };
        });
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(StoreTokens.class)).detachAppender(logs);
        tokens.close();
        twitch.close();
    }

    private StoredToken stored(String login, String access, String refresh) {
        return new StoredToken(login, twitch.userId(login), Secret.of(access), Secret.of(refresh),
                List.of("chat:read", "chat:edit"), clock.instant().plus(Duration.ofHours(4)), clock.instant());
    }

    private List<String> lines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aBotWithoutATokenLineLogsInWithTheStoresToken() throws Exception {
        String access = twitch.token("chatty");
        String refresh = twitch.refreshToken("chatty");
        store.put("chatty", stored("chatty", access, refresh));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");

        tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });

        assertThat(opened).singleElement().satisfies(r -> {
            assertThat(r.token).isEqualTo(Secret.of(access));
            assertThat(r.refresh).isEqualTo(Secret.of(refresh));
        });
    }

    @Test
    void everyTokenInUseIsValidatedHourly() {
        String access = twitch.token("chatty");
        store.put("chatty", stored("chatty", access, twitch.refreshToken("chatty")));
        String fileToken = twitch.token("other");
        tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });
        tokens.connect("other", Secret.of(fileToken), null, Set.of("mychannel"), m -> { });
        assertThat(tickPeriod).isEqualTo(Duration.ofSeconds(5));
        int chatty = twitch.validations("chatty");
        int other = twitch.validations("other");

        clock.advance(Duration.ofMinutes(59));
        tokens.tick();
        assertThat(twitch.validations("chatty")).isEqualTo(chatty);

        clock.advance(Duration.ofMinutes(1));
        tokens.tick();
        tokens.tick();
        assertThat(twitch.validations("chatty")).isEqualTo(chatty + 1);
        assertThat(twitch.validations("other")).isEqualTo(other + 1);
        assertThat(store.get("chatty").orElseThrow().validatedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofHours(1));
        tokens.tick();
        assertThat(twitch.validations("chatty")).isEqualTo(chatty + 2);
    }

    @Test
    void aRevokedTokenTakesThatBotAloneOutOfChat() {
        String access = twitch.token("chatty");
        store.put("chatty", stored("chatty", access, twitch.refreshToken("chatty")));
        ChatConnection chatty = tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });
        ChatConnection other = tokens.connect("other", Secret.of(twitch.token("other")), null, Set.of("mychannel"), m -> { });

        twitch.rejectToken(access);
        clock.advance(Duration.ofHours(1));
        tokens.tick();

        assertThat(chatty.connected()).isFalse();
        assertThat(opened.get(0).closed).isTrue();
        assertThat(other.connected()).isTrue();
        assertThat(lines()).contains("bot=chatty Twitch says the token is no longer valid; run hupbot auth login chatty");
        assertThat(chatty.channels()).containsExactly("mychannel");

        // the same revoked token is not tried again; a new login is, at the next look at the store
        tokens.tick();
        assertThat(opened).hasSize(2);
        String fresh = twitch.token("chatty");
        store.put("chatty", stored("chatty", fresh, twitch.refreshToken("chatty")));
        tokens.tick();
        assertThat(opened).hasSize(3);
        assertThat(opened.get(2).token).isEqualTo(Secret.of(fresh));
        assertThat(chatty.connected()).isTrue();
    }

    @Test
    void aRotatedRefreshTokenIsInTheStoreWhenTheTransportGetsToUseIt() {
        String refresh = twitch.refreshToken("chatty");
        store.put("chatty", stored("chatty", twitch.token("chatty"), refresh));
        tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });
        Instant at = clock.instant();

        rotation.rotated("chatty", Secret.of(refresh), Secret.of("newaccess123"), Secret.of("newrefresh123"),
                Duration.ofHours(4));

        StoredToken now = store.get("chatty").orElseThrow();
        assertThat(now.accessToken()).isEqualTo(Secret.of("newaccess123"));
        assertThat(now.refreshToken()).isEqualTo(Secret.of("newrefresh123"));
        assertThat(now.expiresAt()).isEqualTo(at.plus(Duration.ofHours(4)));
        assertThat(tokens.currentToken("chatty")).contains(Secret.of("newaccess123"));
    }

    @Test
    void aLoginMeanwhileIsNotOverwrittenByAnOldLineageAndIsSwitchedTo() {
        String refresh = twitch.refreshToken("chatty");
        store.put("chatty", stored("chatty", twitch.token("chatty"), refresh));
        tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });
        String newLogin = twitch.token("chatty");
        store.put("chatty", stored("chatty", newLogin, "loginrefresh999"));

        rotation.rotated("chatty", Secret.of(refresh), Secret.of("rotatedaccess1"), Secret.of("rotatedrefresh1"),
                Duration.ofHours(4));
        assertThat(store.get("chatty").orElseThrow().refreshToken()).isEqualTo(Secret.of("loginrefresh999"));
        assertThat(lines()).contains("bot=chatty the token store has a newer login for this bot; switching to it");

        tokens.tick();
        assertThat(opened.get(0).reconnects).containsExactly(Secret.of(newLogin));
    }

    @Test
    void aBotWithNoTokenAnywhereSaysHowToGetOne() {
        ChatConnection chatty = tokens.connect("chatty", Secret.of(""), null, Set.of("mychannel"), m -> { });

        assertThat(opened).isEmpty();
        assertThat(chatty.connected()).isFalse();
        assertThat(lines()).containsExactly("bots[chatty]: no token; run `hupbot auth login chatty` or set token");

        store.put("chatty", stored("chatty", twitch.token("chatty"), twitch.refreshToken("chatty")));
        tokens.tick();
        assertThat(opened).hasSize(1);
    }

    @Test
    void removingTheTokenLineSwitchesToTheStoresToken() {
        String fileToken = twitch.token("chatty");
        ChatConnection chatty = tokens.connect("chatty", Secret.of(fileToken), null, Set.of("mychannel"), m -> { });
        String stored = twitch.token("chatty");
        store.put("chatty", stored("chatty", stored, twitch.refreshToken("chatty")));

        chatty.reconnect(Secret.of(""));

        assertThat(opened).singleElement().satisfies(r -> assertThat(r.reconnects).containsExactly(Secret.of(stored)));
        assertThat(tokens.currentToken("chatty")).contains(Secret.of(stored));
    }
}
