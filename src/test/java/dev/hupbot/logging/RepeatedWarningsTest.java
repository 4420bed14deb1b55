package dev.hupbot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.bot.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RepeatedWarningsTest {
    private static final String DOWN = "bot=stickyman no AI reply: could not reach https://ai.example/v1";

    private final Logger logger = (Logger) LoggerFactory.getLogger("test.repeated-warnings");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final MutableClock clock = MutableClock.start();
    private final RepeatedWarnings warnings;

    RepeatedWarningsTest() {
        appender.start();
        logger.addAppender(appender);
        warnings = new RepeatedWarnings(logger, clock, Duration.ofMinutes(5));
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void theFirstOccurrenceIsLoggedAndRepeatsAreCountedIntoOneSummaryEveryPeriod() {
        assertThat(warnings.warn("stickyman", "ai", DOWN)).isTrue();
        for (int i = 0; i < 9; i++) { // every 30 s, as the moderator's checks
            clock.advanceSeconds(30);
            assertThat(warnings.warn("stickyman", "ai", DOWN)).isFalse();
        }
        assertThat(lines()).containsExactly("WARN " + DOWN);

        clock.advanceSeconds(30); // 5 min after the first line
        assertThat(warnings.warn("stickyman", "ai", DOWN)).isTrue();
        assertThat(lines()).containsExactly("WARN " + DOWN, "WARN " + DOWN + " (10 more times in the last 5 min)");

        clock.advanceSeconds(60);
        warnings.warn("stickyman", "ai", DOWN);
        assertThat(lines()).hasSize(2);
    }

    @Test
    void recoveryIsOneLineWithWhatWasNotYetSummarized() {
        warnings.warn("stickyman", "ai", DOWN);
        clock.advanceSeconds(40);
        warnings.warn("stickyman", "ai", DOWN);
        clock.advanceSeconds(40);
        warnings.warn("stickyman", "ai", DOWN);
        clock.advanceSeconds(20);

        assertThat(warnings.recovered("stickyman", "ai", "bot=stickyman AI endpoint reachable again")).isTrue();
        assertThat(warnings.recovered("stickyman", "ai", "bot=stickyman AI endpoint reachable again")).isFalse();
        assertThat(lines()).containsExactly("WARN " + DOWN,
                "INFO bot=stickyman AI endpoint reachable again (the warning repeated 2 more times in the last 2 min)");

        // the next outage is news again
        assertThat(warnings.warn("stickyman", "ai", DOWN)).isTrue();
    }

    @Test
    void recoveryWithoutTroubleSaysNothing() {
        assertThat(warnings.recovered("stickyman", "ai", "back")).isFalse();
        assertThat(warnings.failing("stickyman", "ai")).isFalse();
        assertThat(lines()).isEmpty();
    }

    @Test
    void keysAreBotAndKindAndADifferentMessageIsNews() {
        warnings.warn("stickyman", "ai", DOWN);
        warnings.warn("pebble", "ai", "bot=pebble " + DOWN);
        warnings.warn("stickyman", "moderation", DOWN);
        warnings.warn("stickyman", "ai", "bot=stickyman no AI reply: HTTP 500");
        warnings.warn("stickyman", "ai", "bot=stickyman no AI reply: HTTP 500");
        assertThat(lines()).containsExactly("WARN " + DOWN, "WARN bot=pebble " + DOWN, "WARN " + DOWN,
                "WARN bot=stickyman no AI reply: HTTP 500");
        assertThat(warnings.failing("stickyman", "ai")).isTrue();
        assertThat(warnings.failing("nobody", "ai")).isFalse();
    }

    @Test
    void theSignatureDecidesWhatIsARepeatAndTheLevelIsKept() {
        warnings.report(Level.ERROR, "stickyman", "ai", "unreachable", "bot=stickyman no AI reply to alice: unreachable");
        warnings.report(Level.ERROR, "stickyman", "ai", "unreachable", "bot=stickyman no AI reply to bob: unreachable");
        clock.advance(Duration.ofMinutes(5));
        warnings.report(Level.ERROR, "stickyman", "ai", "unreachable", "bot=stickyman no AI reply to carol: unreachable");
        assertThat(lines()).containsExactly("ERROR bot=stickyman no AI reply to alice: unreachable",
                "ERROR bot=stickyman no AI reply to carol: unreachable (2 more times in the last 5 min)");
    }

    @Test
    void forgetDropsABotsTroublesSilently() {
        warnings.warn("stickyman", "ai", DOWN);
        warnings.forget("stickyman");
        assertThat(warnings.failing("stickyman", "ai")).isFalse();
        assertThat(warnings.recovered("stickyman", "ai", "back")).isFalse();
        assertThat(lines()).hasSize(1);
    }

    @Test
    void durationsReadAsSecondsOrWholeMinutes() {
        assertThat(RepeatedWarnings.shown(Duration.ofSeconds(40))).isEqualTo("40 s");
        assertThat(RepeatedWarnings.shown(Duration.ofSeconds(100))).isEqualTo("2 min");
        assertThat(RepeatedWarnings.shown(Duration.ofMinutes(5))).isEqualTo("5 min");
    }

    @Test
    void theSummaryPeriodMustBePositive() {
        assertThatThrownBy(() -> new RepeatedWarnings(logger, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineWithBracesIsLoggedAsWritten() {
        warnings.warn("stickyman", "ai", "bot=stickyman answer was {} {}");
        assertThat(lines()).containsExactly("WARN bot=stickyman answer was {} {}");
    }
}
