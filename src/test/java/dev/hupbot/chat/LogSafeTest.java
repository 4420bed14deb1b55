package dev.hupbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void lineBreaksAndEscapeSequencesAreShownNotObeyed() {
        assertThat(LogSafe.text("bob\n2026-12-02 INFO fake")).isEqualTo("bob\\n2026-12-02 INFO fake");
        assertThat(LogSafe.text("\u001b[2J\u001b[31mred")).isEqualTo("\\u001b[2J\\u001b[31mred");
        assertThat(LogSafe.text("a\rb\tc\u0000d\u007fe")).isEqualTo("a\\rb\\tc\\u0000d\\u007fe");
        // C1 (NEL, CSI), the Unicode line and paragraph separators, and a right-to-left override.
        assertThat(LogSafe.text("a\u0085b\u009bc\u2028d\u2029e\u202ef")).isEqualTo("a\\u0085b\\u009bc\\u2028d\\u2029e\\u202ef");
    }

    @Test
    void aBackslashIsDoubledSoAnEscapeInTheLogIsNeverTheTexts() {
        assertThat(LogSafe.text("not a \\n break")).isEqualTo("not a \\\\n break");
    }

    @Test
    void ordinaryTextIsKeptAsItIsAndTheSameObject() {
        String text = "Grüße, 世界 😀 — !hello @stickyman";
        assertThat(LogSafe.text(text)).isSameAs(text);
        assertThat(LogSafe.text(null)).isEqualTo("null");
        assertThat(LogSafe.of(new IllegalStateException("x\ny"))).isEqualTo("java.lang.IllegalStateException: x\\ny");
    }

    @Test
    void longTextIsCutAndSaysHowMuchIsLeftOutNeverSplittingAnEmoji() {
        assertThat(LogSafe.text("a".repeat(1000))).isEqualTo("a".repeat(LogSafe.MAX_CHARS) + "...(700 more chars)");
        assertThat(LogSafe.text("ab😀cd", 3)).isEqualTo("ab...(4 more chars)");
        assertThat(LogSafe.text("ab\ncd", 3)).isEqualTo("ab\\n...(2 more chars)");
    }
}
