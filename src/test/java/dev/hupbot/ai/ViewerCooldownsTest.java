package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ViewerCooldownsTest {
    private final MutableClock clock = MutableClock.start();
    private final ViewerCooldowns cooldowns = new ViewerCooldowns(clock);

    @Test
    void theCooldownCountsFromTheLastStartNotFromEachLine() {
        assertThat(cooldowns.tryStart("sticky", "flooder", 10)).isTrue();
        cooldowns.finished("sticky", "flooder");
        for (int i = 0; i < 9; i++) {
            clock.advanceSeconds(1);
            assertThat(cooldowns.tryStart("sticky", "flooder", 10)).as("after %ds", i + 1).isFalse();
        }
        clock.advanceSeconds(1);
        assertThat(cooldowns.tryStart("sticky", "FLOODER", 10)).isTrue();
    }

    @Test
    void noNewStartWhileOneIsInFlightWhateverTheCooldown() {
        assertThat(cooldowns.tryStart("sticky", "viewer", 0)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(cooldowns.tryStart("sticky", "viewer", 0)).isFalse();
        cooldowns.finished("sticky", "viewer");
        assertThat(cooldowns.tryStart("sticky", "viewer", 0)).isTrue();
    }

    @Test
    void aClockSteppedBackDoesNotStretchTheCooldown() {
        assertThat(cooldowns.tryStart("sticky", "viewer", 10)).isTrue();
        cooldowns.finished("sticky", "viewer");
        clock.advance(Duration.ofHours(-2));
        assertThat(cooldowns.tryStart("sticky", "viewer", 10)).isTrue();
    }

    @Test
    void idleEntriesAreForgottenOnceNoCooldownCanBlockThem() {
        for (int i = 0; i < 100; i++) {
            cooldowns.tryStart("sticky", "viewer" + i, 10);
            cooldowns.finished("sticky", "viewer" + i);
        }
        cooldowns.tryStart("sticky", "still_waiting", 10); // in flight: kept however old
        clock.advance(Duration.ofHours(1).plusSeconds(31));
        cooldowns.tryStart("sticky", "newcomer", 10);

        assertThat(cooldowns.tracked()).isEqualTo(2);
        assertThat(cooldowns.tryStart("sticky", "still_waiting", 10)).isFalse();
    }
}
