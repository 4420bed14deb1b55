package dev.hupbot.chat.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Short notes between the chat lines of the shell chat, {@code   (stickyman could not answer:
 * the AI endpoint https://openrouter.ai/api/v1 is unreachable)}: why an answer someone waits for
 * does not come. Dim (ANSI) when stdout is a terminal and {@code NO_COLOR} is unset, plain text
 * otherwise, so a pipe or a file gets no escape codes. Printed through the transport, so a note
 * never splits a chat line.
 */
public final class ShellNotes {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final ShellTransport shell;
    private final boolean ansi;

    public ShellNotes(ShellTransport shell, boolean ansi) {
        this.shell = shell;
        this.ansi = ansi;
    }

    /** Notes for this process's stdout: dim when it is a terminal. */
    public static ShellNotes onStdout(ShellTransport shell) {
        return new ShellNotes(shell, stdoutIsTerminal(System.getenv()));
    }

    /** For {@link dev.hupbot.ai.AnswerFailureListener}: one line per answer that did not come. */
    public void couldNotAnswer(String bot, String channel, String cause) {
        note(bot + " could not answer: " + cause);
    }

    void note(String text) {
        StringBuilder line = new StringBuilder("  (");
        text.codePoints().forEach(cp -> line.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        line.append(')');
        shell.print(ansi ? DIM + line + RESET : line.toString());
    }

    static boolean stdoutIsTerminal(Map<String, String> env) {
        if (!env.getOrDefault("NO_COLOR", "").isEmpty() || "dumb".equals(env.get("TERM"))) {
            return false;
        }
        if (System.console() != null) {
            return true;
        }
        try {
            // stdin may be a pipe while stdout is the terminal: System.console() is then null
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
