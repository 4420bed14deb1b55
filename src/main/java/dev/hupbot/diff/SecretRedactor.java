package dev.hupbot.diff;

import dev.hupbot.config.Secret;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Redacts secret literals in TOML text, line by line, keeping the line count so a diff of the
 * result has the file's line numbers. A value assigned to a secret-named key (see {@link
 * #isSecretKey}) is replaced by {@code "***"} + the fingerprint of its string value, the same
 * fingerprint the structured diff shows for that {@link Secret}; a value made only of {@code
 * ${NAME}} references, or empty, is kept as written. A secret value that spans lines (a
 * multi-line string or array) shows on its first line; its other lines come out empty.
 *
 * <p>The scan understands strings, comments, dotted and quoted keys and inline tables, so {@code
 * token = x} inside a prompt is not mistaken for a key. It errs towards hiding: a secret value
 * that does not parse (an unquoted word, an unterminated string) is hidden to the end of line.
 */
final class SecretRedactor {
    // One reference at a time, not (?:REF)+: a repeated group recurses once per repetition in
    // java.util.regex, and a hostile value of a hundred thousand references overflowed the stack.
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    private static final Pattern KEY_WORDS = Pattern.compile("[_\\-]");

    private final List<String> out = new ArrayList<>();
    /** An open value that continues on the next lines: a multi-line string or a secret array. */
    private @Nullable Open open;

    private SecretRedactor() {}

    static List<String> redact(List<String> lines) {
        return redact(lines, null).lines();
    }

    /**
     * The redaction of {@code source}: its {@code lines}, and for each index (0 to size, both
     * included) whether no value is open there, so a scan may start afresh at that line.
     */
    record Redaction(List<String> source, List<String> lines, BitSet resumable) {}

    /**
     * Redacts {@code lines}, reusing {@code earlier} (the redaction of another version of the
     * file) where the two agree: the scan starts at the last line of their common beginning where
     * no value was open, and stops at the first line of their common end where no value is open
     * in either. The result equals a full scan's, which a property test checks: a line's redaction
     * depends only on the lines before it back to a point where nothing was open.
     */
    static Redaction redact(List<String> lines, @Nullable Redaction earlier) {
        int n = lines.size();
        List<String> old = earlier == null ? List.of() : earlier.source();
        int m = old.size();
        int prefix = 0;
        while (prefix < n && prefix < m && lines.get(prefix).equals(old.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && lines.get(n - 1 - suffix).equals(old.get(m - 1 - suffix))) {
            suffix++;
        }
        SecretRedactor redactor = new SecretRedactor();
        BitSet resumable = new BitSet(n + 1);
        int start = 0;
        if (earlier != null) {
            start = earlier.resumable().previousSetBit(prefix);
            redactor.out.addAll(earlier.lines().subList(0, start));
            resumable.or(earlier.resumable().get(0, start));
        }
        for (int i = start; i < n; i++) {
            boolean clean = redactor.open == null;
            if (earlier != null && clean && i >= n - suffix && earlier.resumable().get(i - n + m)) {
                redactor.out.addAll(earlier.lines().subList(i - n + m, m));
                for (int j = i; j <= n; j++) {
                    resumable.set(j, earlier.resumable().get(j - n + m));
                }
                return new Redaction(List.copyOf(lines), redactor.out, resumable);
            }
            resumable.set(i, clean);
            redactor.line(lines.get(i));
        }
        resumable.set(n, redactor.open == null);
        redactor.finish();
        return new Redaction(List.copyOf(lines), redactor.out, resumable);
    }

    /**
     * Whether a key holds a secret: one of its words ({@code _}/{@code -} separated) ends in
     * token, key(s), secret(s), password(s) or passwd. "tokens" is deliberately not one, so a
     * count such as {@code max_tokens} stays readable.
     */
    static boolean isSecretKey(String key) {
        for (String word : KEY_WORDS.split(key.toLowerCase(Locale.ROOT))) {
            if (word.endsWith("token") || word.endsWith("key") || word.endsWith("keys")
                    || word.endsWith("secret") || word.endsWith("secrets")
                    || word.endsWith("password") || word.endsWith("passwords") || word.endsWith("passwd")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A value still open at the end of a line. {@code delimiter} is the closing {@code """} or
     * {@code '''} of a multi-line string, or null for a bracketed secret value, whose nesting
     * {@code depth} is tracked instead. Secret values collect their text in {@code raw} and are
     * written into line {@code lineIndex} after {@code prefix} once closed.
     */
    private static final class Open {
        final @Nullable String delimiter;
        final boolean secret;
        final int lineIndex;
        final String prefix;
        final StringBuilder raw = new StringBuilder();
        int depth;

        Open(@Nullable String delimiter, boolean secret, int lineIndex, String prefix) {
            this.delimiter = delimiter;
            this.secret = secret;
            this.lineIndex = lineIndex;
            this.prefix = prefix;
        }
    }

    private void line(String line) {
        StringBuilder shown = new StringBuilder();
        int from = 0;
        Open current = open;
        if (current != null) {
            from = continueOpen(current, line, shown);
            if (from < 0) {
                out.add(current.secret ? "" : line);
                return;
            }
            open = null;
        }
        scan(line, from, shown);
        out.add(shown.toString());
    }

    /** Index after the close of the open value on this line, or -1 when it stays open. */
    private int continueOpen(Open current, String line, StringBuilder shown) {
        String delimiter = current.delimiter;
        int end;
        if (delimiter != null) {
            int close = closeOfMultiline(line, 0, delimiter);
            end = close < 0 ? -1 : close + delimiter.length();
            if (current.secret) {
                current.raw.append(close < 0 ? line + "\n" : line.substring(0, close));
            } else if (close >= 0) {
                shown.append(line, 0, end);
            }
        } else {
            end = closeOfBrackets(line, 0, current);
            current.raw.append(end < 0 ? line + "\n" : line.substring(0, end));
        }
        if (end >= 0 && current.secret) {
            String value = delimiter == null ? current.raw.toString() : multilineValue(current.raw.toString(), delimiter);
            out.set(current.lineIndex, current.prefix + fingerprinted(value));
        }
        return end;
    }

    private void finish() {
        Open current = open;
        if (current != null && current.secret) {
            out.set(current.lineIndex, current.prefix + fingerprinted(current.raw.toString()));
        }
    }

    private void scan(String line, int from, StringBuilder shown) {
        int i = from;
        @Nullable String lastKey = null;
        boolean secretValueNext = false;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                shown.append(c);
                i++;
                continue;
            }
            if (secretValueNext) {
                secretValueNext = false;
                i = secretValue(line, i, shown);
                lastKey = null;
                continue;
            }
            if (c == '#') {
                shown.append(line, i, line.length());
                return;
            }
            if (c == '=') {
                shown.append(c);
                i++;
                secretValueNext = lastKey != null && isSecretKey(lastKey);
                lastKey = null;
            } else if (c == '"' || c == '\'') {
                String delimiter = line.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3) : null;
                if (delimiter != null) {
                    int close = closeOfMultiline(line, i + 3, delimiter);
                    if (close < 0) {
                        shown.append(line, i, line.length());
                        open = new Open(delimiter, false, out.size(), "");
                        return;
                    }
                    shown.append(line, i, close + 3);
                    i = close + 3;
                    lastKey = null;
                } else {
                    int end = endOfString(line, i);
                    if (end < 0) {
                        shown.append(line, i, line.length());
                        return;
                    }
                    shown.append(line, i, end);
                    lastKey = stringValue(line.substring(i + 1, end - 1), c);
                    i = end;
                }
            } else if (",[]{}.".indexOf(c) >= 0) {
                shown.append(c);
                i++;
                if (c != '.') {
                    lastKey = null;
                }
            } else {
                int end = i;
                while (end < line.length() && " \t=,[]{}#\"'.".indexOf(line.charAt(end)) < 0) {
                    end++;
                }
                shown.append(line, i, end);
                lastKey = line.substring(i, end);
                i = end;
            }
        }
    }

    /** Writes the redacted form of the value at {@code i}; returns where scanning goes on. */
    private int secretValue(String line, int i, StringBuilder shown) {
        char c = line.charAt(i);
        if (c == '"' || c == '\'') {
            String triple = String.valueOf(c).repeat(3);
            if (line.startsWith(triple, i)) {
                int close = closeOfMultiline(line, i + 3, triple);
                if (close < 0) {
                    Open value = new Open(triple, true, out.size(), shown.toString());
                    value.raw.append(line.substring(i + 3)).append('\n');
                    open = value;
                    shown.append(fingerprinted(""));
                    return line.length();
                }
                shown.append(fingerprinted(multilineValue(line.substring(i + 3, close), triple)));
                return close + 3;
            }
            int end = endOfString(line, i);
            if (end < 0) {
                shown.append(fingerprinted(line.substring(i).strip()));
                return line.length();
            }
            String value = stringValue(line.substring(i + 1, end - 1), c);
            shown.append(keptAsWritten(value) ? line.substring(i, end) : fingerprinted(value));
            return end;
        }
        if (c == '[' || c == '{') {
            Open value = new Open(null, true, out.size(), shown.toString());
            int end = closeOfBrackets(line, i, value);
            if (end < 0) {
                value.raw.append(line.substring(i)).append('\n');
                open = value;
                shown.append(fingerprinted(""));
                return line.length();
            }
            shown.append(fingerprinted(line.substring(i, end)));
            return end;
        }
        // A bare word is not valid TOML for a credential, but it may still be one: hide the whole
        // rest of the line, since a '#' inside it need not start a comment for its author.
        shown.append(fingerprinted(line.substring(i).strip()));
        return line.length();
    }

    private static boolean keptAsWritten(String value) {
        if (value.isEmpty()) {
            return true;
        }
        Matcher m = REFERENCE.matcher(value);
        int at = 0;
        while (at < value.length() && m.region(at, value.length()).lookingAt()) {
            at = m.end();
        }
        return at == value.length();
    }

    private static String fingerprinted(String value) {
        return "\"" + Secret.of(value).redacted() + "\"";
    }

    /** Index just after the closing quote of the one-line string opening at {@code start}, or -1. */
    private static int endOfString(String line, int start) {
        char quote = line.charAt(start);
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index of the closing delimiter of a multi-line string, searching from {@code from}, or -1. */
    private static int closeOfMultiline(String line, int from, String delimiter) {
        for (int i = from; i < line.length(); i++) {
            if (delimiter.charAt(0) == '"' && line.charAt(i) == '\\') {
                i++;
            } else if (line.startsWith(delimiter, i)) {
                // Up to two quotes right before the closing delimiter belong to the content.
                int end = i + 3;
                while (end < line.length() && end < i + 5 && line.charAt(end) == delimiter.charAt(0)) {
                    end++;
                }
                return end - 3;
            }
        }
        return -1;
    }

    /**
     * Index just after the bracket that closes the value tracked by {@code value}, or -1 when it
     * goes on past this line; {@code value.depth} carries the nesting over.
     */
    private static int closeOfBrackets(String line, int from, Open value) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfString(line, i);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
            } else if (c == '[' || c == '{') {
                value.depth++;
            } else if (c == ']' || c == '}') {
                value.depth--;
                if (value.depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** The value of a one-line string's body: escapes resolved in basic strings only. */
    private static String stringValue(String body, char quote) {
        return quote == '"' ? unescape(body) : body;
    }

    private static String multilineValue(String body, String delimiter) {
        String value = body.startsWith("\r\n") ? body.substring(2) : body.startsWith("\n") ? body.substring(1) : body;
        if (delimiter.charAt(0) == '\'') {
            return value;
        }
        // A backslash at the end of a line joins it with the next, dropping the whitespace between.
        return unescape(value.replaceAll("\\\\[ \\t]*\\r?\\n\\s*", ""));
    }

    private static String unescape(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder value = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                value.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'b' -> value.append('\b');
                case 't' -> value.append('\t');
                case 'n' -> value.append('\n');
                case 'f' -> value.append('\f');
                case 'r' -> value.append('\r');
                case 'e' -> value.append('\u001b');
                case '"' -> value.append('"');
                case '\\' -> value.append('\\');
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    if (isHex(body, i + 1, digits)) {
                        value.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + digits), 16));
                        i += digits;
                    } else {
                        value.append('\\').append(e);
                    }
                }
                default -> value.append('\\').append(e);
            }
        }
        return value.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
