package dev.hupbot.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text kept for a REJECTED reload, with secret-looking values blanked. A rejected file is
 * kept to show why it failed, not to be run again, and it is often not a bots file at all (a
 * {@code .env} saved over {@code bots.toml} by mistake is a list of tokens). An assignment whose
 * key names a secret ({@code token}, {@code api_key}, any name with TOKEN, KEY, SECRET or
 * PASSWORD, in any case; TOML or env syntax) keeps its key and gets {@code "***"} for its value,
 * unless the value is a {@code ${NAME}} reference; {@code oauth:...} and {@code sk-...} tokens
 * are blanked wherever they stand. Lines and their number stay, so a problem's line still points
 * at the right one. Applied versions are stored byte for byte (DESIGN: {@code history export}
 * restores them); a literal token there is the operator's own, and {@code check} warns about it.
 */
public final class RejectedText {
    // Scanned by hand, not by one regex: an alternation under a star recurses once per character
    // in java.util.regex (a long quoted value in a hostile file overflowed the reload thread's
    // stack), and a greedy key pattern backtracks quadratically over a megabyte of dots. Each
    // character is looked at a bounded number of times.
    private static final Pattern SECRET_WORD = Pattern.compile("(?i)token|key|secret|password");
    private static final Pattern REFERENCE = Pattern.compile("[\"']?\\$\\{[A-Za-z_][A-Za-z0-9_]*}[\"']?");
    private static final Pattern LOOSE_TOKEN = Pattern.compile("\\b(oauth:|sk-)[A-Za-z0-9_\\-]{8,}");
    static final String BLANK = "\"***\"";

    private RejectedText() {}

    public static String redact(String text) {
        Matcher word = SECRET_WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        while (from < text.length() && word.find(from)) {
            int i = word.end();
            while (i < text.length() && isKeyChar(text.charAt(i))) {
                i++; // the rest of the key: TWITCH_TOKEN_STICKYMAN, api_key.v2
            }
            int afterKey = i;
            if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                i++; // a quoted key: "api_key" = ...
            }
            i = skipBlanks(text, i);
            if (i >= text.length() || (text.charAt(i) != '=' && text.charAt(i) != ':')) {
                from = afterKey;
                continue;
            }
            int valueStart = skipBlanks(text, i + 1);
            int valueEnd = valueEnd(text, valueStart);
            if (valueEnd > valueStart) {
                String value = text.substring(valueStart, valueEnd);
                out.append(text, copied, valueStart).append(REFERENCE.matcher(value).matches() ? value : BLANK);
                // A multi-line value's line breaks stay, so a problem's line number still points at its line.
                value.chars().filter(c -> c == '\n').forEach(c -> out.append('\n'));
                copied = valueEnd;
            }
            from = Math.max(valueEnd, afterKey);
        }
        out.append(text, copied, text.length());
        return LOOSE_TOKEN.matcher(out).replaceAll("$1***");
    }

    private static boolean isKeyChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * Where the value starting at {@code start} ends: a quoted string through its closing quote
     * (a basic or literal one on its line, a multi-line one wherever it closes), else a bare word
     * up to whitespace, {@code ,}, <code>}</code> or {@code #}. An unterminated quote runs to the
     * end of its line, so all of what may be the secret is blanked and the lines after it stay.
     */
    static int valueEnd(String text, int start) {
        int lineEnd = text.indexOf('\n', start);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        if (text.startsWith("\"\"\"", start) || text.startsWith("'''", start)) {
            int close = text.indexOf(text.substring(start, start + 3), start + 3);
            return close < 0 ? lineEnd : close + 3;
        }
        if (start < lineEnd && text.charAt(start) == '"') {
            for (int i = start + 1; i < lineEnd; i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i + 1;
                }
            }
            return lineEnd;
        }
        if (start < lineEnd && text.charAt(start) == '\'') {
            int close = text.indexOf('\'', start + 1);
            return close < 0 || close > lineEnd ? lineEnd : close + 1;
        }
        int i = start;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && ",}#".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
