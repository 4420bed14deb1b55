package dev.hupbot.chat;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from chat, a model or a remote server safe to put in a log line. Such text
 * can hold a line break (a moderation verdict whose user is {@code "bob\n2026-... INFO fake"}
 * printed a second, forged log line) or terminal escape sequences (ESC in a model's reason
 * reached the operator's terminal). Use it for every logged value of that kind: viewers' names
 * and lines, model output and verdicts, error texts that quote a response body.
 *
 * <p>What it does: control characters (C0, DEL, C1 — ESC, CR, LF, NEL included), the Unicode line
 * and paragraph separators and the bidirectional overrides and isolates (which reorder what a
 * terminal shows) are written as visible escapes ({@code \n}, {@code \r}, {@code \t},
 * otherwise {@code \}{@code u001b}); a backslash is doubled, so an escape in the output is always
 * hupbot's and never forged by the text. Longer text is cut after {@link #MAX_CHARS} characters
 * (never inside a surrogate pair) and says how much was left out. Everything else, non-Latin
 * scripts and emoji included, is kept as it is.
 */
public final class LogSafe {
    /** Characters of the original text a log line shows; the rest is counted. */
    public static final int MAX_CHARS = 300;

    private LogSafe() {}

    /** {@code text} escaped and cut to {@link #MAX_CHARS}; {@code "null"} for null. */
    public static String text(@Nullable String text) {
        return text(text, MAX_CHARS);
    }

    /** {@code text} escaped and cut after {@code maxChars} characters of the original. */
    public static String text(@Nullable String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), Math.max(0, maxChars));
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        if (end == text.length() && isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (escaped(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            out.append("...(").append(text.length() - end).append(" more chars)");
        }
        return out.toString();
    }

    /** An object's {@code toString()} (an exception's, say), made safe the same way. */
    public static String of(@Nullable Object value) {
        return text(value == null ? null : value.toString());
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || escaped(c)) {
                return false;
            }
        }
        return true;
    }

    /** C0, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates marks. */
    static boolean escaped(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
