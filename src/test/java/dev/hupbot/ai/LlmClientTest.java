package dev.hupbot.ai;

import static dev.hupbot.ai.TestAi.FALLBACK;
import static dev.hupbot.ai.TestAi.KEY;
import static dev.hupbot.ai.TestAi.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.config.Secret;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeLlmServer.Reply;
import dev.hupbot.it.support.FakeLlmServer.Request;
import dev.hupbot.it.support.FakeLlmServer.Turn;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmClientTest {
    private final FakeLlmServer server = FakeLlmServer.start();
    private final MutableClock clock = MutableClock.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final LlmClient client = new LlmClient(LlmClient.defaultHttpClient(), clock, sleeper, RetryPolicy.DEFAULT);

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmRequest request(double temperature, Duration timeout, String... models) {
        return new LlmRequest("stickyman", server.baseUrl(), Secret.of(KEY), List.of(models),
                List.of(ChatTurn.system("be brief"), ChatTurn.user("viewer: hi"), ChatTurn.assistant("hello")),
                temperature, 150, timeout);
    }

    private LlmRequest request(String... models) {
        return request(0.7, Duration.ofSeconds(5), models);
    }

    @Test
    void postsChatCompletionsWithTheBearerKeyAndTheSettings() {
        server.answer(MODEL, "hey there");

        String answer = client.complete(request(MODEL, FALLBACK));

        assertThat(answer).isEqualTo("hey there");
        Request sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(sent.model()).isEqualTo(MODEL);
        assertThat(sent.temperature()).isEqualTo(0.7);
        assertThat(sent.maxTokens()).isEqualTo(150);
        assertThat(sent.messages()).containsExactly(
                new Turn("system", "be brief"), new Turn("user", "viewer: hi"), new Turn("assistant", "hello"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anAnswerOverOneMebibyteFailsWithTheRedactedEndpointAndNoFallbackIsAsked() {
        server.oversized(200L * 1024 * 1024);
        String endpoint = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length()) + "/...";

        assertThatThrownBy(() -> client.complete(request(MODEL, FALLBACK)))
                .isInstanceOf(LlmException.class)
                .hasMessage(MODEL + ": AI endpoint " + endpoint + " answered more than 1 MiB; check ai.base_url");
        // the fallback shares the endpoint: it would only have cost another 1 MiB
        assertThat(server.requests()).extracting(Request::model).containsExactly(MODEL);
        assertThat(server.oversizedBytesSent()).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void temperatureZeroIsSentAsZero() {
        client.complete(request(0.0, Duration.ofSeconds(5), MODEL));

        Request sent = server.requests().get(0);
        assertThat(sent.temperature()).isEqualTo(0.0);
        assertThat(sent.body()).contains("\"temperature\":0.0");
    }

    @Test
    void aPrimaryThatAnswers500IsRetriedWithBackoffThenTheFallbackAnswers() {
        server.script(MODEL, Reply.status(500), Reply.status(502), Reply.status(503)).answer(FALLBACK, "from fallback");

        String answer = client.complete(request(MODEL, FALLBACK));

        assertThat(answer).isEqualTo("from fallback");
        assertThat(server.requests()).extracting(Request::model).containsExactly(MODEL, MODEL, MODEL, FALLBACK);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void aPrimaryThatTimesOutHandsOverToTheFallback() {
        server.script(MODEL, Reply.slow(Duration.ofSeconds(10), "too late")).answer(FALLBACK, "in time");

        // The timeout leaves the fallback room to answer on a loaded 2-core CI machine.
        String answer = client.complete(request(0.7, Duration.ofMillis(1500), MODEL, FALLBACK));

        assertThat(answer).isEqualTo("in time");
        assertThat(server.requests()).extracting(Request::model).containsExactly(MODEL, FALLBACK);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void whenEveryModelTimesOutTheErrorSaysSo() {
        server.script(MODEL, Reply.slow(Duration.ofSeconds(5), "late")).script(FALLBACK, Reply.slow(Duration.ofSeconds(5), "late"));

        assertThatThrownBy(() -> client.complete(request(0.7, Duration.ofMillis(200), MODEL, FALLBACK)))
                .isInstanceOf(LlmException.class)
                .hasMessage("main-model: no answer within 200 ms (ai.timeout_seconds); "
                        + "fallback-model: no answer within 200 ms (ai.timeout_seconds)");
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        server.script(MODEL, Reply.rateLimited("3")).answer(MODEL, "after the wait");

        assertThat(client.complete(request(MODEL, FALLBACK))).isEqualTo("after the wait");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3));
        assertThat(server.requests()).extracting(Request::model).containsExactly(MODEL, MODEL);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String inSevenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(7).atOffset(ZoneOffset.UTC));
        server.script(MODEL, Reply.rateLimited(inSevenSeconds)).answer(MODEL, "ok");

        client.complete(request(MODEL));

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterLongerThanWorthWaitingMovesToTheFallbackAtOnce() {
        server.script(MODEL, Reply.rateLimited("120")).answer(FALLBACK, "fallback");

        assertThat(client.complete(request(MODEL, FALLBACK))).isEqualTo("fallback");
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void givesUpAfterTwoRetriesPerModelAndSaysWhyPerModel() {
        server.script(MODEL, Reply.status(500), Reply.status(500), Reply.status(500))
                .script(FALLBACK, Reply.status(404));

        assertThatThrownBy(() -> client.complete(request(MODEL, FALLBACK)))
                .isInstanceOf(LlmException.class)
                .hasMessage("main-model: HTTP 500: fake failure 500, gave up after 3 tries; "
                        + "fallback-model: HTTP 404: fake failure 404");
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void aRefusedKeyStopsAtOnceWithoutLeakingIt() {
        server.script(MODEL, Reply.raw(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));

        assertThatThrownBy(() -> client.complete(request(MODEL, FALLBACK)))
                .isInstanceOf(LlmException.class)
                .hasMessage("main-model: HTTP 401: Incorrect API key provided: " + Secret.of(KEY).redacted()
                        + " (the API key was refused: check ai.api_key)")
                .message().doesNotContain(KEY);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anEmptyAnswerCountsAsAFailure() {
        server.script(MODEL, Reply.ok("  ")).answer(FALLBACK, "something");

        assertThat(client.complete(request(MODEL, FALLBACK))).isEqualTo("something");
    }

    @Test
    void anUnreachableServerIsAnErrorThatNamesTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LlmRequest nowhere = new LlmRequest("stickyman", "http://127.0.0.1:" + closedPort + "/v1", Secret.of(KEY),
                List.of(MODEL), List.of(ChatTurn.user("hi")), 0.7, 10, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.complete(nowhere))
                .isInstanceOf(LlmException.class)
                .hasMessageStartingWith("main-model: could not reach http://127.0.0.1:" + closedPort + "/v1: ")
                .message().doesNotContain(KEY);
    }

    @Test
    void anUnreachableUrlIsNamedWithoutUserInfoQueryOrTheKeyInItsPath() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://user:pa55word@127.0.0.1:" + closedPort + "/keys/" + KEY + "/v1?token=qs-secret";
        LlmRequest nowhere = new LlmRequest("stickyman", url, Secret.of(KEY),
                List.of(MODEL), List.of(ChatTurn.user("hi")), 0.7, 10, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.complete(nowhere))
                .isInstanceOf(LlmException.class)
                .hasMessageStartingWith("main-model: could not reach http://***@127.0.0.1:" + closedPort + "/keys/"
                        + Secret.of(KEY).redacted() + "/v1?***: ")
                .message().doesNotContain(KEY, "pa55word", "qs-secret");
    }
}
