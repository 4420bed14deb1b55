package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Secret;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ConfigDiff;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A token change waits for the connection's credential switch: a refused token is the token row's
 * error (the reload becomes PARTIAL), the bot's other changes still apply, the switches of several
 * bots run side by side, and no other bot is touched.
 */
class BotRuntimeTokenSwitchTest {

    /** Answers each bot's switch with what the test put in {@link #answers}; completed later when asked. */
    private static final class SwitchingTransport implements ChatTransport {
        final Map<String, CompletableFuture<CredentialResult>> answers = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
                ChatListener listener) {
            calls.add("connect " + login);
            return new ChatConnection() {
                @Override
                public void join(String channel) {
                    calls.add("join " + login + " " + channel);
                }

                @Override
                public void part(String channel) {}

                @Override
                public void send(String channel, String text) {
                    calls.add("send " + login + " " + text);
                }

                @Override
                public CompletionStage<CredentialResult> replaceCredential(Secret next) {
                    calls.add("switch " + login);
                    return answers.computeIfAbsent(login, k -> new CompletableFuture<>());
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
                public void close() {
                    calls.add("close " + login);
                }
            };
        }

        @Override
        public void close() {}
    }

    private final SwitchingTransport transport = new SwitchingTransport();
    private final BotRuntime runtime = new BotRuntime(transport, Clock.systemUTC());

    @AfterEach
    void close() {
        runtime.close();
    }

    private List<AppliedChange> apply(BotConfig... bots) {
        BotsConfig next = new BotsConfig(List.of(bots));
        return runtime.apply(next, ConfigDiff.between(runtime.active(), next));
    }

    private static Map<String, AppliedChange> byPath(List<AppliedChange> results) {
        return results.stream().collect(Collectors.toMap(r -> r.change().bot() + " " + r.change().path(), r -> r));
    }

    @Test
    void aRefusedTokenIsThatRowsErrorAndTheBotsOtherChangesStillApply() {
        BotConfig alpha = TestBots.bot("alpha").token("t1").build();
        BotConfig bravo = TestBots.bot("bravo").token("b1").build();
        apply(alpha, bravo);
        transport.calls.clear();
        transport.answers.put("alpha", CompletableFuture.completedFuture(
                CredentialResult.failed("Twitch refused the login with the new token; the bot stays in chat on its old connection")));

        Map<String, AppliedChange> results = byPath(apply(TestBots.edit(alpha).token("t2").replyChance(0.5).build(), bravo));

        AppliedChange token = results.get("alpha token");
        assertThat(token.change().action()).isEqualTo(ApplyAction.RECONNECT);
        assertThat(token.applied()).isFalse();
        assertThat(token.error()).isEqualTo("Twitch refused the login with the new token; the bot stays in chat on its old connection");
        assertThat(results.get("alpha reply_chance").applied()).isTrue();
        assertThat(results).doesNotContainKey("bravo token");
        assertThat(transport.calls).containsExactly("switch alpha");
    }

    @Test
    void anAcceptedSwitchIsAppliedAndNeverGreetsAgain() {
        BotConfig alpha = TestBots.bot("alpha").token("t1").introMessage("hi").build();
        apply(alpha);
        // the intro leaves on the sender thread: let it go before counting what the switch does
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(runtime::outgoingIdle);
        transport.calls.clear();
        transport.answers.put("alpha", CompletableFuture.completedFuture(CredentialResult.applied("switched")));

        AppliedChange token = byPath(apply(TestBots.edit(alpha).token("t2").build())).get("alpha token");

        assertThat(token.applied()).isTrue();
        assertThat(token.error()).isNull();
        assertThat(transport.calls).containsExactly("switch alpha");
    }

    @Test
    void switchesOfSeveralBotsRunSideBySideAndTheReloadWaitsForAll() throws Exception {
        BotConfig alpha = TestBots.bot("alpha").token("a1").build();
        BotConfig bravo = TestBots.bot("bravo").token("b1").build();
        apply(alpha, bravo);
        CompletableFuture<CredentialResult> alphaSwitch = new CompletableFuture<>();
        CompletableFuture<CredentialResult> bravoSwitch = new CompletableFuture<>();
        transport.answers.put("alpha", alphaSwitch);
        transport.answers.put("bravo", bravoSwitch);

        CompletableFuture<List<AppliedChange>> reload = CompletableFuture.supplyAsync(
                () -> apply(TestBots.edit(alpha).token("a2").build(), TestBots.edit(bravo).token("b2").build()));
        org.awaitility.Awaitility.await().until(() -> transport.calls.contains("switch alpha")
                && transport.calls.contains("switch bravo"));
        assertThat(reload).isNotDone();
        bravoSwitch.complete(CredentialResult.applied("switched"));
        assertThat(reload).isNotDone();
        alphaSwitch.complete(CredentialResult.failed("not joined"));

        Map<String, AppliedChange> results = byPath(reload.get());
        assertThat(results.get("alpha token").error()).isEqualTo("not joined");
        assertThat(results.get("bravo token").applied()).isTrue();
    }
}
