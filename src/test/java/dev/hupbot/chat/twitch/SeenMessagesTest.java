package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The message ids a token switch deduplicates by: once each, bounded, empty ids never deduplicated. */
class SeenMessagesTest {
    @Test
    void anIdIsNewOnlyTheFirstTime() {
        SeenMessages seen = new SeenMessages(8);
        assertThat(seen.firstTime("a")).isTrue();
        assertThat(seen.firstTime("b")).isTrue();
        assertThat(seen.firstTime("a")).isFalse();
        assertThat(seen.firstTime("b")).isFalse();
    }

    @Test
    void theOldestIdGoesWhenTheCapacityIsReached() {
        SeenMessages seen = new SeenMessages(2);
        seen.firstTime("1");
        seen.firstTime("2");
        seen.firstTime("3"); // forgets "1"
        assertThat(seen.firstTime("2")).isFalse();
        assertThat(seen.firstTime("3")).isFalse();
        assertThat(seen.firstTime("1")).isTrue();
    }

    @Test
    void aLineWithoutAnIdIsAlwaysNew() {
        SeenMessages seen = new SeenMessages(2);
        assertThat(seen.firstTime("")).isTrue();
        assertThat(seen.firstTime("")).isTrue();
    }

    @Test
    void theCapacityMustBePositive() {
        assertThatThrownBy(() -> new SeenMessages(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be positive, got 0");
    }
}
