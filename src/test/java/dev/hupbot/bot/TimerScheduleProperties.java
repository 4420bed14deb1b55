package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.BotConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TimerScheduleProperties {

    /** {@code lines} chat lines arrive, then {@code seconds} pass, then the bot asks what is due. */
    record Step(int lines, int seconds) {}

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 40))
                .as(Step::new);
    }

    @Property
    void postsExactlyWhenTheIntervalPassedAndChatMovedEnough(
            @ForAll @IntRange(min = 1, max = 60) int interval,
            @ForAll @IntRange(max = 6) int minLines,
            @ForAll @Size(max = 80) List<@From("steps") Step> steps) {
        TimerSchedule schedule = new TimerSchedule();
        BotConfig bot = TestBots.bot("stickyman").timers(TestBots.timer("hi", interval, minLines)).build();
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        schedule.due(bot, now);
        Instant lastPost = now;
        int linesSince = 0;
        List<String> log = new ArrayList<>();
        for (Step step : steps) {
            for (int i = 0; i < step.lines(); i++) {
                schedule.onChatLine("mychannel");
            }
            linesSince += step.lines();
            now = now.plusSeconds(step.seconds());
            boolean posted = !schedule.due(bot, now).isEmpty();
            log.add(step + (posted ? " posted" : ""));

            boolean intervalPassed = !now.isBefore(lastPost.plusSeconds(interval));
            if (posted) {
                assertThat(intervalPassed).as("posted within the interval: %s", log).isTrue();
                assertThat(linesSince).as("posted without enough chat: %s", log).isGreaterThanOrEqualTo(minLines);
                lastPost = now;
                linesSince = 0;
            } else {
                assertThat(intervalPassed && linesSince >= minLines).as("due but silent: %s", log).isFalse();
            }
        }
    }
}
