package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TokenRefresherTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FOUR_HOURS = Duration.ofHours(4);
    /** 80% of four hours. */
    private static final Duration DUE = Duration.ofSeconds(11_520);
    /** Every token and the client secret carry this, so one check finds any of them in a log line. */
    private static final String MARK = "zq9";
    private static final TokenRefresh WITH_CLIENT = TokenRefresh.none()
            .withClient("client-id-1", Secret.of("client-secret-" + MARK))
            .withRetries(Duration.ofSeconds(30), 4);
    private static final String FIX = "generate a new token and refresh_token for stickyman and reload";
    private static final String CANNOT = "set refresh_token with TWITCH_CLIENT_ID/TWITCH_CLIENT_SECRET, or replace the"
            + " token and reload";

    /** One refresh request as the endpoint got it, in plain text. */
    private record Call(String refreshToken, String clientId, String clientSecret) {}

    /** Answers refreshes from a script: a token, or a failure, in order. */
    private static final class ScriptedEndpoint implements TokenEndpoint {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<Call> calls = new ArrayList<>();

        ScriptedEndpoint then(String access, @Nullable String rotated, Duration lifetime) {
            answers.add(new RefreshedToken(Secret.of(access), rotated == null ? null : Secret.of(rotated), lifetime));
            return this;
        }

        ScriptedEndpoint thenFail(int status, String message) {
            answers.add(new RefreshFailure(status, message));
            return this;
        }

        @Override
        public RefreshedToken refresh(Secret refreshToken, String clientId, Secret clientSecret) {
            calls.add(new Call(refreshToken.reveal(), clientId, clientSecret.reveal()));
            Object answer = answers.remove();
            if (answer instanceof RefreshFailure failure) {
                throw failure;
            }
            return (RefreshedToken) answer;
        }

        List<String> refreshTokensUsed() {
            return calls.stream().map(Call::refreshToken).toList();
        }
    }

    private final FakeTime time = new FakeTime(START);
    private final ScriptedEndpoint endpoint = new ScriptedEndpoint();
    private final List<String> applied = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger().addAppender(logs);
    }

    @AfterEach
    void noTokenInAnyLogLine() {
        logger().detachAppender(logs);
        assertThat(lines()).noneMatch(l -> l.contains(MARK));
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(TokenRefresher.class);
    }

    private List<String> lines() {
        return logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    private TokenRefresher refresher(TokenRefresh settings, @Nullable String refreshToken) {
        return new TokenRefresher("stickyman", settings, endpoint, time, time,
                refreshToken == null ? null : Secret.of(refreshToken), t -> applied.add(t.accessToken().reveal()));
    }

    @Test
    void refreshesAtEightyPercentOfTheLifetimeWithTheApplicationsCredentials() {
        endpoint.then("access-2-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE.minusSeconds(1));
        assertThat(endpoint.calls).isEmpty();

        time.advance(Duration.ofSeconds(1));
        assertThat(endpoint.calls).containsExactly(new Call("refresh-1-" + MARK, "client-id-1", "client-secret-" + MARK));
        assertThat(applied).containsExactly("access-2-" + MARK);
        assertThat(lines()).containsExactly("INFO bot=stickyman token refreshed, expires in 14400 s");
        assertThat(time.nextIn()).contains(DUE);
    }

    @Test
    void whenToRefreshFollowsTheLifetimeTheMarginAndTheHalfwayFloor() {
        TokenRefresh oneMinute = TokenRefresh.none();
        assertThat(oneMinute.refreshAfter(FOUR_HOURS)).isEqualTo(DUE);
        // 20% of 200 s is less than the minute's margin: the margin wins
        assertThat(oneMinute.refreshAfter(Duration.ofSeconds(200))).isEqualTo(Duration.ofSeconds(140));
        // a minute early would be before half of 90 s: never sooner than halfway
        assertThat(oneMinute.refreshAfter(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(45));
        assertThat(oneMinute.withMinMargin(Duration.ofSeconds(1)).refreshAfter(Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(oneMinute.refreshAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void keepsTheNewestRefreshTokenWhenTwitchRotatesIt() {
        endpoint.then("access-2-" + MARK, "refresh-2-" + MARK, FOUR_HOURS)
                .then("access-3-" + MARK, null, FOUR_HOURS) // not rotated this time: keep refresh-2
                .then("access-4-" + MARK, "refresh-4-" + MARK, FOUR_HOURS)
                .then("access-5-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE.multipliedBy(4));

        assertThat(endpoint.refreshTokensUsed()).containsExactly(
                "refresh-1-" + MARK, "refresh-2-" + MARK, "refresh-2-" + MARK, "refresh-4-" + MARK);
        assertThat(applied).containsExactly("access-2-" + MARK, "access-3-" + MARK, "access-4-" + MARK, "access-5-" + MARK);
    }

    @Test
    void aRefusedRefreshSaysHowToFixItAndIsTriedAgainWithDoublingWaits() {
        endpoint.thenFail(400, "HTTP 400").thenFail(400, "HTTP 400").then("access-2-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE);
        assertThat(endpoint.calls).hasSize(1);
        time.advance(Duration.ofSeconds(29));
        assertThat(endpoint.calls).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(endpoint.calls).hasSize(2);
        time.advance(Duration.ofSeconds(59));
        assertThat(endpoint.calls).hasSize(2);
        time.advance(Duration.ofSeconds(1));

        assertThat(endpoint.calls).hasSize(3);
        assertThat(applied).containsExactly("access-2-" + MARK);
        assertThat(lines()).containsExactly(
                "WARN bot=stickyman token refresh failed (HTTP 400); " + FIX + " (next try in 30 s)",
                "WARN bot=stickyman token refresh failed (HTTP 400); " + FIX + " (next try in 60 s)",
                "INFO bot=stickyman token refreshed, expires in 14400 s");
        // the new token starts a new plan, and its failures would count from zero
        assertThat(time.nextIn()).contains(DUE);
    }

    @Test
    void givesUpAfterTheLastAttemptAndSaysWhenTheTokenExpires() {
        for (int i = 0; i < 4; i++) {
            endpoint.thenFail(400, "HTTP 400");
        }
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(FOUR_HOURS.multipliedBy(2));

        assertThat(endpoint.calls).hasSize(4);
        // due at 3 h 12 min, then 30 + 60 + 120 s later: 2,670 s of the four hours are left
        assertThat(lines()).containsExactly(
                "WARN bot=stickyman token refresh failed (HTTP 400); " + FIX + " (next try in 30 s)",
                "WARN bot=stickyman token refresh failed (HTTP 400); " + FIX + " (next try in 60 s)",
                "WARN bot=stickyman token refresh failed (HTTP 400); " + FIX + " (next try in 120 s)",
                "ERROR bot=stickyman token refresh failed (HTTP 400); " + FIX
                        + " (gave up after 4 tries; the token expires in 44 min)");
        assertThat(time.nextIn()).isEmpty();
    }

    @Test
    void noAnswerIsTriedAgainAndTheBotKeepsItsToken() {
        endpoint.thenFail(RefreshFailure.NO_ANSWER, "no answer from http://127.0.0.1:9/oauth2/token: ConnectException")
                .then("access-2-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE.plusSeconds(30));

        assertThat(lines()).containsExactly(
                "WARN bot=stickyman token refresh failed (no answer from http://127.0.0.1:9/oauth2/token:"
                        + " ConnectException); the bot keeps its current token meanwhile (next try in 30 s)",
                "INFO bot=stickyman token refreshed, expires in 14400 s");
    }

    @Test
    void aTokenThatCannotBeRefreshedIsWarnedAboutOnceBeforeItExpires() {
        TokenRefresher refresher = refresher(TokenRefresh.none(), "refresh-1-" + MARK); // no application

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE.minusSeconds(1));
        assertThat(lines()).isEmpty();
        time.advance(Duration.ofSeconds(1));
        time.advance(FOUR_HOURS);

        assertThat(lines()).containsExactly("WARN bot=stickyman token expires in 48 min; " + CANNOT);
        assertThat(endpoint.calls).isEmpty();

        // once per token: a new one that cannot be refreshed either is warned about again
        refresher.accepted(FOUR_HOURS);
        time.advance(FOUR_HOURS);
        assertThat(lines()).hasSize(2);
    }

    @Test
    void withoutARefreshTokenTheApplicationAloneCannotRefresh() {
        TokenRefresher refresher = refresher(WITH_CLIENT, null);

        refresher.accepted(Duration.ofSeconds(90));
        time.advance(Duration.ofMinutes(5));

        assertThat(refresher.canRefresh()).isFalse();
        // under a minute left is said in seconds
        assertThat(lines()).containsExactly("WARN bot=stickyman token expires in 45 s; " + CANNOT);
        assertThat(endpoint.calls).isEmpty();
    }

    @Test
    void aTokenThatDoesNotExpireIsLeftAlone() {
        TokenRefresher refresher = refresher(TokenRefresh.none(), null);

        refresher.accepted(Duration.ZERO);

        assertThat(time.nextIn()).isEmpty();
        time.advance(Duration.ofDays(30));
        assertThat(lines()).isEmpty();
    }

    @Test
    void aNewTokenReplacesThePlanMadeForTheOldOne() {
        endpoint.then("access-2-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        refresher.accepted(FOUR_HOURS);
        time.advance(Duration.ofHours(1));
        refresher.accepted(FOUR_HOURS); // e.g. a reload gave the bot a new token
        time.advance(DUE.minusHours(1)); // the old token's refresh time
        assertThat(endpoint.calls).isEmpty();

        time.advance(Duration.ofHours(1));
        assertThat(endpoint.calls).hasSize(1);
    }

    @Test
    void aRefreshTokenFromAReloadIsUsedFromThenOn() {
        endpoint.then("access-2-" + MARK, "refresh-3-" + MARK, FOUR_HOURS).then("access-3-" + MARK, null, FOUR_HOURS);
        TokenRefresher refresher = refresher(WITH_CLIENT, null);

        refresher.accepted(FOUR_HOURS);
        time.advance(DUE);
        assertThat(lines()).containsExactly("WARN bot=stickyman token expires in 48 min; " + CANNOT);

        // the refresh time has passed: the new refresh token is put to use at once
        refresher.useRefreshToken(Secret.of("refresh-2-" + MARK));
        time.advance(Duration.ZERO);
        time.advance(DUE);

        assertThat(endpoint.refreshTokensUsed()).containsExactly("refresh-2-" + MARK, "refresh-3-" + MARK);
        assertThat(applied).containsExactly("access-2-" + MARK, "access-3-" + MARK);
    }

    @Test
    void refreshNowKeepsTheRotatedTokenAndLeavesUsingTheNewOneToTheCaller() {
        endpoint.then("access-2-" + MARK, "refresh-2-" + MARK, FOUR_HOURS).thenFail(400, "HTTP 400");
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);

        assertThat(refresher.refreshNow()).map(t -> t.accessToken().reveal()).contains("access-2-" + MARK);
        assertThat(refresher.refreshNow()).isEmpty();

        assertThat(endpoint.refreshTokensUsed()).containsExactly("refresh-1-" + MARK, "refresh-2-" + MARK);
        assertThat(applied).isEmpty();
        assertThat(lines()).containsExactly(
                "INFO bot=stickyman token refreshed, expires in 14400 s",
                "ERROR bot=stickyman token refresh failed (HTTP 400); " + FIX);
    }

    @Test
    void refreshNowDoesNothingWithoutTheMeans() {
        assertThat(refresher(TokenRefresh.none(), "refresh-1-" + MARK).refreshNow()).isEmpty();
        assertThat(refresher(WITH_CLIENT, null).refreshNow()).isEmpty();
        assertThat(endpoint.calls).isEmpty();
    }

    @Test
    void closingCallsOffWhatIsPlanned() {
        TokenRefresher refresher = refresher(WITH_CLIENT, "refresh-1-" + MARK);
        refresher.accepted(FOUR_HOURS);

        refresher.close();
        refresher.accepted(FOUR_HOURS);
        time.advance(FOUR_HOURS.multipliedBy(2));

        assertThat(endpoint.calls).isEmpty();
        assertThat(lines()).isEmpty();
    }
}
