package dev.hupbot.config;

import org.jspecify.annotations.Nullable;

/**
 * Finds arrays and inline tables nested deeper than {@link #MAX_DEPTH} before tomlj sees the
 * text. tomlj's parser recurses once per level: a 4 KB {@code extra = [[[[…]]]]} 2,000 deep
 * overflowed the stack of whatever thread parsed it (the reload coordinator, {@code check}).
 * A bots.toml needs three levels at most ({@code commands = {hello = {aliases = [...]}}}).
 *
 * <p>One pass, no allocation beyond a fixed stack. Brackets inside strings and comments do not
 * count; the rules follow tomlj's lexer: basic and literal strings end at their quote, at a line
 * break or at a control character; multi-line strings only start where a value starts; a
 * {@code [} or {@code ]} at the start of a line outside a value is a table header. Where the
 * text is so broken that it is unclear whether a quote opens a string (a quote after a value, in
 * a bracket that is no value), the brackets after it count: a broken file may be refused for its
 * depth, a deep one is never let through. The loader also catches a stack overflow from the
 * parser, as a last line of defence for anything this scan reads differently from tomlj.
 */
final class NestingScanner {
    /** Levels of arrays and inline tables a file may nest; documented in the README. */
    static final int MAX_DEPTH = 64;

    /** The problem, at the bracket that goes one level too deep. */
    static final String TOO_DEEP = "arrays and inline tables nested more than " + MAX_DEPTH + " levels deep (a bots.toml"
            + " needs 3 at most); close the brackets opened before this one, or flatten the value";

    private NestingScanner() {}

    /** Where the scan expects the next token: a key, a value, or anything (after a value, or lost). */
    private enum Expect { KEY, VALUE, OTHER }

    /** The opening bracket that goes one level past {@link #MAX_DEPTH}, or null when the text stays within it. */
    static @Nullable Pos tooDeep(String toml) {
        char[] open = new char[MAX_DEPTH];
        // Index into open of the first bracket opened where no value could start (lost): from it up, quotes are no strings.
        int lostFrom = Integer.MAX_VALUE;
        int depth = 0;
        Expect expect = Expect.KEY;
        int line = 1;
        int lineStart = 0;
        int n = toml.length();
        int i = 0;
        while (i < n) {
            char c = toml.charAt(i);
            boolean sure = depth <= lostFrom;
            switch (c) {
                case '\n' -> {
                    line++;
                    lineStart = i + 1;
                    if (depth == 0) {
                        expect = Expect.KEY;
                    } else if (open[depth - 1] == '{') {
                        expect = Expect.OTHER; // an inline table ends at its line in tomlj
                    }
                    i++;
                }
                case ' ', '\t', '\r' -> i++;
                case '#' -> i = endOfComment(toml, i + 1);
                case '"', '\'' -> {
                    boolean stringHere = sure && expect != Expect.OTHER;
                    if (!stringHere) {
                        i++;
                        break;
                    }
                    boolean multi = expect == Expect.VALUE && toml.startsWith(c == '"' ? "\"\"\"" : "'''", i);
                    int end = multi ? endOfMultiLine(toml, i + 3, c) : endOfString(toml, i + 1, c);
                    for (int k = i; k < end; k++) {
                        if (toml.charAt(k) == '\n') {
                            line++;
                            lineStart = k + 1;
                        }
                    }
                    i = end;
                    expect = expect == Expect.KEY ? Expect.KEY : Expect.OTHER;
                }
                case '[', '{' -> {
                    if (depth == 0 && expect == Expect.KEY && c == '[') {
                        i++; // a table header: tomlj does not recurse on it
                        break;
                    }
                    if (depth == MAX_DEPTH) {
                        return new Pos(line, toml.codePointCount(lineStart, i) + 1);
                    }
                    if (expect != Expect.VALUE && lostFrom == Integer.MAX_VALUE) {
                        lostFrom = depth;
                    }
                    open[depth++] = c;
                    expect = c == '[' ? Expect.VALUE : Expect.KEY;
                    i++;
                }
                case ']', '}' -> {
                    char opener = c == ']' ? '[' : '{';
                    // In a value, '}' is an error to tomlj, not the end of the table.
                    boolean closes = depth > 0 && open[depth - 1] == opener && !(c == '}' && expect == Expect.VALUE);
                    if (closes) {
                        depth--;
                        if (depth <= lostFrom) {
                            lostFrom = Integer.MAX_VALUE;
                        }
                    }
                    expect = depth == 0 && !closes ? expect : Expect.OTHER;
                    i++;
                }
                case '=' -> {
                    boolean keyEnds = expect == Expect.KEY && (depth == 0 || open[depth - 1] == '{');
                    expect = keyEnds ? Expect.VALUE : Expect.OTHER;
                    i++;
                }
                case ',' -> {
                    expect = depth == 0 ? Expect.OTHER : open[depth - 1] == '[' ? Expect.VALUE : Expect.KEY;
                    i++;
                }
                default -> {
                    // Key characters keep a key a key; anything else in a value is a scalar (or junk): the value is over.
                    if (expect == Expect.VALUE) {
                        expect = Expect.OTHER;
                    }
                    i++;
                }
            }
        }
        return null;
    }

    /** TOML and tomlj forbid control characters other than tab in strings and comments; tomlj ends them there. */
    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    private static int endOfComment(String toml, int from) {
        int i = from;
        while (i < toml.length() && !control(toml.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Just past the closing quote, or at the line break or control character that ends the string. */
    private static int endOfString(String toml, int from, char quote) {
        int i = from;
        while (i < toml.length()) {
            char c = toml.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (control(c)) {
                return i;
            }
            if (c == '\\' && quote == '"') {
                if (i + 1 >= toml.length() || toml.charAt(i + 1) == '\n') {
                    return i + 1;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return i;
    }

    /** Just past the closing triple quote (up to two more quotes belong to the text), or where tomlj gives up. */
    private static int endOfMultiLine(String toml, int from, char quote) {
        int i = from;
        int n = toml.length();
        while (i < n) {
            char c = toml.charAt(i);
            if (c == quote && i + 2 < n && toml.charAt(i + 1) == quote && toml.charAt(i + 2) == quote) {
                int end = i + 3;
                int extra = 0;
                while (end < n && toml.charAt(end) == quote && extra < 2) {
                    end++;
                    extra++;
                }
                return end;
            }
            if (c == '\\' && quote == '"') {
                i = Math.min(n, i + 2);
                continue;
            }
            if (c == '\r' && i + 1 < n && toml.charAt(i + 1) == '\n') {
                i += 2;
                continue;
            }
            if (c != '\n' && control(c)) {
                return i;
            }
            i++;
        }
        return i;
    }
}
