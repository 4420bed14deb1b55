package dev.hupbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * A log event as one short terminal line, {@code hupbot: warning: MESSAGE}: no time, thread,
 * logger or stack trace (those stay in the log file), control characters flattened so it cannot
 * break the chat on screen, and cut to {@link #MAX_CHARS} so it does not wrap into what is typed.
 */
final class TerminalLine extends EncoderBase<ILoggingEvent> {
    static final int MAX_CHARS = 160;

    static String format(Level level, String message) {
        String kind = level.isGreaterOrEqual(Level.ERROR) ? "error" : level.isGreaterOrEqual(Level.WARN) ? "warning"
                : level.toString().toLowerCase(java.util.Locale.ROOT);
        StringBuilder line = new StringBuilder("hupbot: ").append(kind).append(": ");
        message.codePoints().forEach(cp -> line.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        if (line.length() > MAX_CHARS) {
            int cut = MAX_CHARS - 1;
            if (Character.isHighSurrogate(line.charAt(cut - 1))) { // never half a character
                cut--;
            }
            line.setLength(cut);
            line.append('…');
        }
        return line.toString();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return (format(event.getLevel(), event.getFormattedMessage()) + System.lineSeparator())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] headerBytes() {
        return new byte[0];
    }

    @Override
    public byte[] footerBytes() {
        return new byte[0];
    }
}
