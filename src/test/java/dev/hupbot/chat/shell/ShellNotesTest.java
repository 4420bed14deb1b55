package dev.hupbot.chat.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellNotesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ShellTransport shell = new ShellTransport(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFailedAnswerIsOneIndentedLineInParentheses() {
        new ShellNotes(shell, false).couldNotAnswer("stickyman", "mychannel",
                "the AI endpoint https://openrouter.ai/api/v1 is unreachable");
        assertThat(printed()).isEqualTo(
                "  (stickyman could not answer: the AI endpoint https://openrouter.ai/api/v1 is unreachable)"
                        + System.lineSeparator());
    }

    @Test
    void onATerminalTheLineIsDim() {
        new ShellNotes(shell, true).couldNotAnswer("stickyman", "mychannel", "it answers only commands: no system_prompt");
        assertThat(printed()).isEqualTo("\u001b[2m  (stickyman could not answer: it answers only commands: no system_prompt)"
                + "\u001b[0m" + System.lineSeparator());
    }

    @Test
    void controlCharactersInTheCauseCannotBreakTheScreen() {
        new ShellNotes(shell, false).couldNotAnswer("stickyman", "mychannel", "HTTP 500: a\nb\u001b[31m");
        assertThat(printed()).isEqualTo("  (stickyman could not answer: HTTP 500: a b [31m)" + System.lineSeparator());
    }

    @Test
    void noColorAndDumbTerminalsGetNoEscapes() {
        assertThat(ShellNotes.stdoutIsTerminal(Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(ShellNotes.stdoutIsTerminal(Map.of("TERM", "dumb"))).isFalse();
    }

    @Test
    void stdoutOfATestRunIsNoTerminal() {
        // surefire pipes the forked JVM's stdout
        assertThat(ShellNotes.stdoutIsTerminal(Map.of())).isFalse();
    }
}
