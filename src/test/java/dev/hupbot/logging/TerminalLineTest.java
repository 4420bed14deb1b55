package dev.hupbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class TerminalLineTest {
    @Test
    void aWarningIsOneShortLineWithNoLoggingNoise() {
        assertThat(TerminalLine.format(Level.WARN, "bot=stickyman timer failed"))
                .isEqualTo("hupbot: warning: bot=stickyman timer failed");
        assertThat(TerminalLine.format(Level.ERROR, "Failed to reload configuration"))
                .isEqualTo("hupbot: error: Failed to reload configuration");
    }

    @Test
    void controlCharactersCannotBreakTheLine() {
        assertThat(TerminalLine.format(Level.WARN, "two\nlines\tand \u001b[2Jescape"))
                .isEqualTo("hupbot: warning: two lines and  [2Jescape");
    }

    @Test
    void aLongMessageIsCutToTheTerminalWidthWithoutSplittingACharacter() {
        String line = TerminalLine.format(Level.WARN, "x".repeat(141) + "\uD83D\uDE00" + "y".repeat(50));
        assertThat(line).hasSize(TerminalLine.MAX_CHARS - 1).endsWith("x…");
        assertThat(TerminalLine.format(Level.WARN, "y".repeat(500))).hasSize(TerminalLine.MAX_CHARS).endsWith("y…");
    }
}
