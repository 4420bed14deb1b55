package dev.hupbot.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two printed forms of a diff: a table for people, grouped by bot, and JSON for scripts.
 *
 * <p>The table: a bot's name on its own line, then one line per changed path, indented, with the
 * value change and the action in aligned columns; a bot added or removed as a whole is one line.
 * A value change longer than {@value #INLINE_WIDTH} characters goes on lines of its own under
 * its path, {@code -} old and {@code +} new; for text of several lines (a system prompt) those
 * are the changed lines of the text, unquoted, with a line of context and {@code ...} for
 * lines left out. Last line: the summary.
 * <pre>
 * stickyman
 *   ai.temperature           0.7 -> 0.9                      HOT
 *   commands.hello.response  "Hello {user}!" -> "Hi {user}!"  HOT
 * chat_warden                (added)                          START
 * 2 changes in 2 bots
 * </pre>
 *
 * <p>The JSON shape, stable (fields in this order; see {@code docs/diff-json.md}):
 * <pre>
 * {
 *   "changes": [
 *     {"bot": "stickyman", "path": "ai.temperature", "kind": "CHANGED",
 *      "old": "0.7", "new": "0.9", "action": "HOT"}
 *   ],
 *   "bots_changed": 1,
 *   "summary": "1 change in 1 bot"
 * }
 * </pre>
 */
public final class DiffFormat {
    /** Longer value changes leave the table for lines of their own. */
    public static final int INLINE_WIDTH = 60;

    private static final String INDENT = "  ";
    private static final String GAP = "  ";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private DiffFormat() {}

    /** The table, every line ending in a newline; {@code no changes} when empty. */
    public static String human(ConfigDiff diff) {
        return human(diff.changes());
    }

    /** The table for changes from anywhere (a diff, or the rows of an audited reload). */
    public static String human(List<FieldChange> changes) {
        ConfigDiff diff = new ConfigDiff(changes);
        List<Row> rows = rows(diff);
        int pathWidth = 0;
        int valueWidth = 0;
        for (Row row : rows) {
            pathWidth = Math.max(pathWidth, row.label.length());
            if (row.inline()) {
                valueWidth = Math.max(valueWidth, row.value.length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            if (row.action == null) {
                out.append(row.label).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder(pad(row.label, pathWidth)).append(GAP);
            line.append(pad(row.inline() ? row.value : "", valueWidth));
            if (valueWidth > 0) {
                line.append(GAP);
            }
            out.append(line).append(row.action).append('\n');
            if (!row.inline()) {
                for (String detail : row.details) {
                    out.append(INDENT).append(INDENT).append(INDENT).append(detail).append('\n');
                }
            }
        }
        return out.append(diff.summary()).append('\n').toString();
    }

    /** The JSON document described above, pretty-printed, ending in a newline. */
    public static String json(ConfigDiff diff) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode changes = root.putArray("changes");
        for (FieldChange change : diff.changes()) {
            changes.addObject()
                    .put("bot", change.bot())
                    .put("path", change.path())
                    .put("kind", change.kind().name())
                    .put("old", change.oldValue())
                    .put("new", change.newValue())
                    .put("action", change.action().name());
        }
        root.put("bots_changed", diff.botsChanged());
        root.put("summary", diff.summary());
        try {
            return WRITER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of strings always serializes", e);
        }
    }

    /**
     * One line of the table. {@code action} is null for a bot's heading; {@code details} are the
     * {@code -}/{@code +} lines a long value change is shown as instead of {@code value}.
     */
    private record Row(String label, String value, List<String> details, @Nullable ApplyAction action) {
        boolean inline() {
            return details.isEmpty();
        }
    }

    private static List<Row> rows(ConfigDiff diff) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<FieldChange>> bot : diff.byBot().entrySet()) {
            List<FieldChange> changes = bot.getValue();
            FieldChange first = changes.get(0);
            if (changes.size() == 1 && first.path().equals(FieldPaths.BOT)) {
                rows.add(new Row(bot.getKey(), wholeBot(first), List.of(), first.action()));
                continue;
            }
            rows.add(new Row(bot.getKey(), "", List.of(), null));
            for (FieldChange change : changes) {
                rows.add(field(change));
            }
        }
        return rows;
    }

    private static Row field(FieldChange change) {
        String label = INDENT + change.path();
        if (change.path().equals(FieldPaths.BOT)) {
            return new Row(label, wholeBot(change), List.of(), change.action());
        }
        String value = text(change.oldValue()) + " -> " + text(change.newValue());
        if (value.length() <= INLINE_WIDTH) {
            return new Row(label, value, List.of(), change.action());
        }
        List<String> lines = TextLines.changed(change.oldValue(), change.newValue());
        if (lines.isEmpty()) {
            if (change.oldValue() != null) {
                lines.add("- " + change.oldValue());
            }
            if (change.newValue() != null) {
                lines.add("+ " + change.newValue());
            }
        }
        return new Row(label, value, lines, change.action());
    }

    /** A bot that is added or removed while disabled connects to nothing: say so. */
    private static String wholeBot(FieldChange change) {
        boolean added = change.kind() == ChangeKind.ADDED;
        if (change.action() == ApplyAction.HOT) {
            return added ? "(added, disabled)" : "(removed, was disabled)";
        }
        return added ? "(added)" : "(removed)";
    }

    private static String text(@Nullable String value) {
        return value == null ? "(none)" : value;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
