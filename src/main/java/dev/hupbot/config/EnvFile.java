package dev.hupbot.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses an env file in docker compose's format: {@code NAME=value} lines, {@code #} comments,
 * blank lines, an optional {@code export } prefix, values optionally in single quotes (literal)
 * or double quotes ({@code \\ \" \n \t \r \$} escapes). An unquoted value is trimmed and ends at
 * a {@code #} preceded by a space. Not supported, and reported with the line and the fix rather
 * than guessed: a bare {@code NAME} without {@code =}, quoted values spanning lines, a name set
 * twice. {@code ${...}} inside a value is not expanded: values are taken as written.
 *
 * <p>Messages never carry a value: the file holds secrets.
 */
public final class EnvFile {
    /** Larger env files are refused before parsing; a real one holds a few dozen lines. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** More lines than this are refused. */
    public static final int MAX_LINES = 10_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String fileName;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> definedAt = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private EnvFile(String fileName) {
        this.fileName = fileName;
    }

    /** The variables in {@code text}, or every problem; {@code fileName} is how problems name the file. */
    public static Parsed parse(String fileName, String text) {
        EnvFile parser = new EnvFile(fileName);
        parser.parseAll(text.isEmpty() || text.charAt(0) != BYTE_ORDER_MARK ? text : text.substring(1));
        return new Parsed(parser.problems.isEmpty() ? Map.copyOf(parser.values) : Map.of(), parser.problems);
    }

    /** What {@link #parse} found: the variables (empty when there is any problem) and the problems. */
    public record Parsed(Map<String, String> values, List<Problem> problems) {
        public Parsed {
            values = Map.copyOf(values);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            // The record's own toString would print the values.
            return "EnvFile.Parsed[" + values.size() + " variables, " + problems.size() + " problems]";
        }
    }

    private void parseAll(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_LINES) {
            problems.add(Problem.error(fileName, 1, 1, "", "env file has " + lines.length + " lines, over the limit of "
                    + MAX_LINES + "; is it the right file? An env file holds one NAME=value per line"));
            return;
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            line(i + 1, line);
        }
    }

    private void line(int number, String line) {
        int i = skipBlanks(line, 0);
        if (i == line.length() || line.charAt(i) == '#') {
            return;
        }
        if (line.startsWith("export", i) && i + 6 < line.length() && isBlank(line.charAt(i + 6))) {
            i = skipBlanks(line, i + 6);
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
            error(number, i, "expected NAME=value; a bare NAME (taken from the environment by compose) is not supported,"
                    + " write NAME=value or delete the line");
            return;
        }
        String name = line.substring(i, eq).stripTrailing();
        if (!NAME.matcher(name).matches()) {
            error(number, i, "invalid variable name before '='; use letters, digits and _ (not starting with a digit),"
                    + " e.g. TWITCH_TOKEN_STICKYMAN=...");
            return;
        }
        String value = value(number, line, skipBlanks(line, eq + 1));
        if (value == null) {
            return;
        }
        Integer first = definedAt.putIfAbsent(name, number);
        if (first != null) {
            error(number, i, name + " is set twice (first on line " + first + "); keep one of the lines");
            return;
        }
        values.put(name, value);
    }

    /** The value starting at {@code start}, or null after reporting why it cannot be read. */
    private @Nullable String value(int number, String line, int start) {
        if (start == line.length()) {
            return "";
        }
        char quote = line.charAt(start);
        if (quote != '"' && quote != '\'') {
            return unquoted(line, start);
        }
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < line.length() && line.charAt(i) != quote) {
            char c = line.charAt(i);
            if (quote == '"' && c == '\\') {
                if (i + 1 == line.length()) {
                    break;
                }
                char next = line.charAt(i + 1);
                switch (next) {
                    case '\\', '"', '$' -> out.append(next);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> {
                        error(number, i, "unknown escape \\" + next + " in a double-quoted value; write \\\\ for a"
                                + " backslash, or put the value in single quotes to take it literally");
                        return null;
                    }
                }
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        if (i == line.length()) {
            error(number, start, "unterminated " + (quote == '"' ? "double" : "single") + " quote; close it with "
                    + quote + " on the same line (values spanning lines are not supported)");
            return null;
        }
        int rest = skipBlanks(line, i + 1);
        if (rest < line.length() && line.charAt(rest) != '#') {
            error(number, rest, "unexpected text after the closing quote; put a space and # before a comment,"
                    + " or move the text inside the quotes");
            return null;
        }
        return out.toString();
    }

    /** An unquoted value: trimmed, ending at a {@code #} that follows whitespace (compose's rule). */
    private static String unquoted(String line, int start) {
        int end = line.length();
        for (int i = start; i < line.length(); i++) {
            if (line.charAt(i) == '#' && i > start && isBlank(line.charAt(i - 1))) {
                end = i;
                break;
            }
        }
        return line.substring(start, end).strip();
    }

    private void error(int line, int index, String message) {
        problems.add(Problem.error(fileName, line, index + 1, "", message));
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
