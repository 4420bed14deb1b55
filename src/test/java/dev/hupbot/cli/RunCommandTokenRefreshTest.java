package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.chat.twitch.TokenRefresh;
import dev.hupbot.config.Secret;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How {@code run} turns TWITCH_CLIENT_ID / TWITCH_CLIENT_SECRET into the token refresh settings. */
class RunCommandTokenRefreshTest {
    private static final Duration MARGIN = Duration.ofSeconds(90);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void capture() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(RunCommand.class)).addAppender(logs);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(RunCommand.class)).detachAppender(logs);
    }

    @Test
    void bothVariablesMakeTheApplication() {
        TokenRefresh refresh = RunCommand.tokenRefresh(
                Map.of("TWITCH_CLIENT_ID", " app-id ", "TWITCH_CLIENT_SECRET", "app-secret-0123"), MARGIN);

        assertThat(refresh.hasClient()).isTrue();
        assertThat(refresh.clientId()).isEqualTo("app-id");
        assertThat(refresh.clientSecret()).isEqualTo(Secret.of("app-secret-0123"));
        assertThat(refresh.minMargin()).isEqualTo(MARGIN);
        assertThat(refresh.toString()).doesNotContain("app-secret-0123");
        assertThat(logs.list).isEmpty();
    }

    @Test
    void neitherVariableMeansNoRefreshAndNoComplaint() {
        TokenRefresh refresh = RunCommand.tokenRefresh(Map.of("TWITCH_CLIENT_ID", "  "), MARGIN);

        assertThat(refresh.hasClient()).isFalse();
        assertThat(refresh.minMargin()).isEqualTo(MARGIN);
        assertThat(logs.list).isEmpty();
    }

    @Test
    void theClientIdAloneIsAPublicApplication() {
        TokenRefresh refresh = RunCommand.tokenRefresh(Map.of("TWITCH_CLIENT_ID", "app-id"), MARGIN);

        assertThat(refresh.hasClient()).isTrue();
        assertThat(refresh.clientId()).isEqualTo("app-id");
        assertThat(refresh.clientSecret()).isNull();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void theSecretWithoutTheIdIsWarnedAbout() {
        TokenRefresh refresh = RunCommand.tokenRefresh(Map.of("TWITCH_CLIENT_SECRET", "app-secret-0123"), MARGIN);

        assertThat(refresh.hasClient()).isFalse();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "TWITCH_CLIENT_SECRET is set but TWITCH_CLIENT_ID is not, so no token is refreshed; set TWITCH_CLIENT_ID"
                        + " to your Twitch application's client id to refresh bots' tokens before they expire");
    }
}
