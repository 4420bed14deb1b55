package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplyTrimmerTest {

    @Test
    void textThatFitsIsReturnedUnchanged() {
        assertThat(ReplyTrimmer.trim("hello world ", 12)).isEqualTo("hello world ");
        assertThat(ReplyTrimmer.trim("", 0)).isEmpty();
    }

    @Test
    void cutsAfterTheLastWholeWordThatFits() {
        assertThat(ReplyTrimmer.trim("hello world again", 13)).isEqualTo("hello world");
        assertThat(ReplyTrimmer.trim("hello world again", 8)).isEqualTo("hello");
    }

    @Test
    void keepsAWordThatEndsExactlyAtTheLimit() {
        assertThat(ReplyTrimmer.trim("hello world again", 11)).isEqualTo("hello world");
        assertThat(ReplyTrimmer.trim("hello world again", 5)).isEqualTo("hello");
    }

    @Test
    void dropsWhitespaceBeforeTheCut() {
        assertThat(ReplyTrimmer.trim("hello \t\n  world", 9)).isEqualTo("hello");
    }

    @Test
    void cutsHardInsideAWordLongerThanTheLimit() {
        String word = "x".repeat(600);
        assertThat(ReplyTrimmer.trim(word, 500)).isEqualTo("x".repeat(500));
        assertThat(ReplyTrimmer.trim("hi " + word, 500)).isEqualTo("hi " + "x".repeat(497));
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String text = emoji.repeat(300);

        assertThat(ReplyTrimmer.trim(text, 501)).isEqualTo(emoji.repeat(250));
        assertThat(ReplyTrimmer.trim(text, 1)).isEmpty();
    }

    @Test
    void longAnswerFitsTwitchsLimitAndEndsOnAWord() {
        String answer = "lorem ipsum dolor ".repeat(40); // 720 chars

        String trimmed = ReplyTrimmer.trim(answer, ReplyTrimmer.TWITCH_MAX);

        assertThat(trimmed).hasSizeLessThanOrEqualTo(500).endsWith(" ipsum").isEqualTo(answer.substring(0, 497));
    }

    @Test
    void zeroLeavesNothing() {
        assertThat(ReplyTrimmer.trim("hello", 0)).isEmpty();
    }

    @Test
    void negativeLimitIsAnError() {
        assertThatThrownBy(() -> ReplyTrimmer.trim("hello", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be 0 or more, got -1");
    }
}
