package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Secret;
import dev.hupbot.diff.ConfigDiff;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bot's refresh token reaches its connection at start and on reloads, with no reconnect of its own. */
class BotRuntimeRefreshTokenTest {

    /** Records what the runtime asks of chat, secrets as their plain text (this test owns them). */
    private static final class RecordingTransport implements ChatTransport {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
                ChatListener listener) {
            calls.add("connect " + login + " " + token.reveal() + " " + text(refreshToken));
            return new ChatConnection() {
                @Override
                public void join(String channel) {}

                @Override
                public void part(String channel) {}

                @Override
                public void send(String channel, String text) {}

                @Override
                public CompletionStage<CredentialResult> replaceCredential(Secret next) {
                    calls.add("reconnect " + login + " " + next.reveal());
                    return CompletableFuture.completedFuture(CredentialResult.applied("switched"));
                }

                @Override
                public void useRefreshToken(@Nullable Secret next) {
                    calls.add("refresh token " + login + " " + text(next));
                }

                @Override
                public Set<String> channels() {
                    return Set.copyOf(channels);
                }

                @Override
                public boolean connected() {
                    return true;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}

        private static String text(@Nullable Secret secret) {
            return secret == null ? "none" : secret.reveal();
        }
    }

    private final RecordingTransport transport = new RecordingTransport();
    private final BotRuntime runtime = new BotRuntime(transport, Clock.systemUTC());

    @AfterEach
    void close() {
        runtime.close();
    }

    private void apply(BotConfig... bots) {
        BotsConfig next = new BotsConfig(List.of(bots));
        runtime.apply(next, ConfigDiff.between(runtime.active(), next));
    }

    @Test
    void theRefreshTokenGoesWithTheTokenWhenTheBotConnects() {
        apply(TestBots.bot("stickyman").token("t1").refreshToken("r1").build(), TestBots.bot("sleepy").token("t2").build());

        assertThat(transport.calls).containsExactly("connect stickyman t1 r1", "connect sleepy t2 none");
    }

    @Test
    void aNewRefreshTokenIsHandedOverWithoutAReconnect() {
        BotConfig before = TestBots.bot("stickyman").token("t1").refreshToken("r1").build();
        apply(before);

        apply(TestBots.edit(before).refreshToken("r2").build());
        apply(TestBots.edit(before).refreshToken(null).build());

        assertThat(transport.calls).containsExactly(
                "connect stickyman t1 r1", "refresh token stickyman r2", "refresh token stickyman none");
    }

    @Test
    void aNewTokenAndRefreshTokenArriveTogetherTheRefreshTokenFirst() {
        BotConfig before = TestBots.bot("stickyman").token("t1").refreshToken("r1").build();
        apply(before);

        apply(TestBots.edit(before).token("t2").refreshToken("r2").build());

        assertThat(transport.calls).containsExactly(
                "connect stickyman t1 r1", "refresh token stickyman r2", "reconnect stickyman t2");
    }

    @Test
    void otherChangesLeaveTheRefreshTokenAlone() {
        BotConfig before = TestBots.bot("stickyman").token("t1").refreshToken("r1").build();
        apply(before);

        apply(TestBots.edit(before).introMessage("hi").replyChance(0.5).build());

        assertThat(transport.calls).containsExactly("connect stickyman t1 r1");
        assertThat(Objects.requireNonNull(runtime.active().bots().get(0).refreshToken()).reveal()).isEqualTo("r1");
    }
}
