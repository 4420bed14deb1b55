package dev.hupbot.config;

import dev.hupbot.config.Interpolator.Resolution;
import dev.hupbot.config.KeyCatalogue.Bounds;
import dev.hupbot.config.KeyCatalogue.Key;
import dev.hupbot.config.KeyCatalogue.Section;
import dev.hupbot.config.KeyCatalogue.Type;
import dev.hupbot.config.Node.Branch;
import dev.hupbot.config.Node.Items;
import dev.hupbot.config.Node.Leaf;
import dev.hupbot.config.TextRule.Checked;
import dev.hupbot.config.TextRule.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Reads one TOML table against its {@link Section} of the catalogue: unknown keys, types, ranges,
 * string rules and {@code ${NAME}} references are checked where the value is written, so a
 * mistake in {@code [defaults]} is reported once, at its own line, not once per bot.
 */
final class SectionReader {
    /** Where the table is: {@code path} for messages, {@code header} as written in TOML, and the bot it belongs to. */
    record Where(String path, String header, @Nullable String botName) {
        Where child(String key) {
            return new Where(path + "." + key, header + "." + key, botName);
        }
    }

    private final ProblemSink sink;
    private final Interpolator interpolator;

    private final int linesBefore;

    SectionReader(ProblemSink sink, Interpolator interpolator) {
        this(sink, interpolator, 0);
    }

    private SectionReader(ProblemSink sink, Interpolator interpolator, int linesBefore) {
        this.sink = sink;
        this.interpolator = interpolator;
        this.linesBefore = linesBefore;
    }

    /** A reader for tables parsed from a piece of the file that starts after {@code lines} lines. */
    SectionReader linesBefore(int lines) {
        return lines == linesBefore ? this : new SectionReader(sink, interpolator, lines);
    }

    Branch read(TomlTable table, Section section, Where where, Pos pos) {
        Map<String, Node> children = new LinkedHashMap<>();
        Set<String> invalid = new HashSet<>();
        for (String name : table.keySet()) {
            List<String> keyPath = List.of(name);
            Pos at = Pos.of(table.inputPositionOf(keyPath), linesBefore);
            Key key = section.key(name);
            if (key == null) {
                unknownKey(name, section, where, at);
                continue;
            }
            Object raw = table.get(keyPath);
            Node node = raw == null ? null : value(key, raw, where, at);
            if (node == null) {
                invalid.add(name);
            } else {
                children.put(name, node);
            }
        }
        return new Branch(children, invalid, pos);
    }

    private void unknownKey(String name, Section section, Where where, Pos at) {
        String forbidden = section.forbidden().get(name);
        if (forbidden != null) {
            sink.error(at, where.path(), forbidden);
            return;
        }
        Optional<String> suggestion = KeyCatalogue.suggestion(name, section, where.header());
        String fix = suggestion.map(s -> "did you mean " + s + "?")
                .orElseGet(() -> "known keys: " + String.join(", ", section.names()));
        sink.error(at, where.path(), "unknown key '" + name + "'; " + fix);
    }

    private @Nullable Node value(Key key, Object raw, Where where, Pos at) {
        String path = where.path() + "." + key.name();
        return switch (key.type()) {
            case STRING, SECRET -> string(key, raw, where, path, at);
            case BOOLEAN -> bool(raw, path, at);
            case INTEGER, NUMBER -> number(key, raw, path, at);
            case STRING_LIST -> strings(key, raw, path, at);
            case TABLE -> table(key, raw, where, at);
            case NAMED_TABLES -> namedTables(key, raw, where, at);
            case TABLE_ARRAY -> tableArray(key, raw, where, at);
        };
    }

    private @Nullable Node string(Key key, Object raw, Where where, String path, Pos at) {
        boolean secret = key.type() == Type.SECRET;
        if (!(raw instanceof String text)) {
            sink.error(at, path, "expected a string, got " + Values.describe(raw, secret) + "; put the value in double quotes");
            return null;
        }
        Resolution resolved = resolve(text, secret, path, at);
        if (resolved == null) {
            return null;
        }
        String value = resolved.value();
        boolean hidden = secret || resolved.sensitive();
        if (hidden) {
            sink.secret(value);
        }
        if (secret && !credentialOk(key, resolved, where, path, at)) {
            return null;
        }
        String variable = secret && !resolved.literal() ? resolved.variables().get(0) : resolved.firstSensitiveVariable();
        Checked checked = key.rule().check(new Text(value, hidden, variable));
        if (checked.value() == null) {
            sink.error(at, path, String.valueOf(checked.error()));
            return null;
        }
        Object stored = secret ? Secret.of(checked.value()) : checked.value();
        return new Leaf(stored, at, resolved.sensitive());
    }

    /** The checks only a credential has: literal in the file (a warning), and an empty token. */
    private boolean credentialOk(Key key, Resolution resolved, Where where, String path, Pos at) {
        String what = key.name().equals("api_key") ? "API key" : key.name().replace('_', ' ');
        String suggested = key.variable().contains("%s")
                ? String.format(Locale.ROOT, key.variable(),
                        where.botName() == null ? "<NAME>" : where.botName().toUpperCase(Locale.ROOT))
                : key.variable();
        if (resolved.literal() && !resolved.value().isEmpty()) {
            sink.warning(at, path, "literal " + what + " in the file; move it to an environment variable: "
                    + key.name() + " = \"${" + suggested + "}\"");
        }
        if (ExamplePlaceholders.holds(resolved.value())) {
            sink.warning(at, path, ExamplePlaceholders.warning(resolved.literal() ? null : resolved.variables().get(0), what));
        }
        if (key.name().equals("token") && resolved.value().isEmpty()) {
            if (resolved.literal()) {
                sink.error(at, path, "empty token; set token = \"${" + suggested + "}\" and put the bot's OAuth token in that variable");
            } else {
                String variable = resolved.variables().get(0);
                sink.error(at, path, "empty token: " + variable + " is set but empty; put the bot's OAuth token in " + variable);
            }
            return false;
        }
        return true;
    }

    /** One error per secret-named variable used where secrets may not go. */
    private void misplacedSecrets(Resolution resolved, String path, Pos at) {
        resolved.variables().stream()
                .filter(Interpolator::sensitiveName)
                .distinct()
                .forEach(name -> sink.error(at, path, Interpolator.misplacedSecret(name)));
    }

        /**
     * Resolves {@code ${NAME}}; reports every missing variable, and every secret-named one
     * outside a secret field, and returns null when there is any.
     */
    private @Nullable Resolution resolve(String raw, boolean secretField, String path, Pos at) {
        Resolution resolved = interpolator.resolve(raw);
        if (!secretField && resolved.sensitive()) {
            // Refused whether or not the variable is set: where it is used is the mistake.
            sink.secret(resolved.value());
            misplacedSecrets(resolved, path, at);
            return null;
        }
        for (String name : resolved.missing()) {
            sink.error(at, path, "environment variable " + name + " is not set; export it or add it to the .env file");
        }
        if (resolved.malformed()) {
            sink.error(at, path, "malformed variable reference; write ${NAME} (letters, digits and _), or $${ for a literal ${");
        }
        return resolved.missing().isEmpty() && !resolved.malformed() ? resolved : null;
    }

    private @Nullable Node bool(Object raw, String path, Pos at) {
        if (raw instanceof Boolean b) {
            return new Leaf(b, at, false);
        }
        sink.error(at, path, "expected true or false, got " + Values.describe(raw, false) + "; write true or false without quotes");
        return null;
    }

    private @Nullable Node number(Key key, Object raw, String path, Pos at) {
        Bounds bounds = key.bounds() == null ? Bounds.between(-Double.MAX_VALUE, Double.MAX_VALUE) : key.bounds();
        boolean whole = key.type() == Type.INTEGER;
        Object value = raw;
        if (!whole && raw instanceof Long l) {
            value = l.doubleValue();
        }
        boolean rightType = whole ? value instanceof Long : value instanceof Double;
        if (!rightType) {
            sink.error(at, path, "expected " + bounds.expectation() + ", got " + Values.describe(raw, false) + "; " + bounds.fix(key.name()));
            return null;
        }
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || !bounds.contains(d)) {
            String shown = raw instanceof Double dd ? Values.number(dd) : raw.toString();
            sink.error(at, path, "expected " + bounds.expectation() + ", got " + shown + "; set a value in that range");
            return null;
        }
        return new Leaf(value, at, false);
    }

    private @Nullable Node strings(Key key, Object raw, String path, Pos at) {
        if (raw instanceof String single) {
            sink.error(at, path, "expected a list of strings, got " + Values.describe(raw, false)
                    + "; write [" + Values.quote(single) + "]");
            return null;
        }
        if (!(raw instanceof TomlArray array)) {
            sink.error(at, path, "expected a list of strings, got " + Values.describe(raw, false) + "; write [\"first\", \"second\"]");
            return null;
        }
        List<String> values = new ArrayList<>(array.size());
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            Pos elementAt = Pos.of(array.inputPositionOf(i), linesBefore);
            if (!(element instanceof String text)) {
                sink.error(elementAt, path, "expected a string in the list, got " + Values.describe(element, false) + "; put each item in double quotes");
                ok = false;
                continue;
            }
            Resolution resolved = resolve(text, false, path, elementAt);
            if (resolved == null) {
                ok = false;
                continue;
            }
            Text shown = new Text(resolved.value(), resolved.sensitive(), resolved.firstSensitiveVariable());
            Checked checked = key.rule().check(shown);
            String value = checked.value();
            if (value == null) {
                sink.error(elementAt, path, String.valueOf(checked.error()));
                ok = false;
            } else if (key.unique() && values.contains(value)) {
                sink.error(elementAt, path, (resolved.sensitive() ? shown.shown() : Values.quote(value))
                        + " is listed twice; remove one");
                ok = false;
            } else {
                values.add(value);
            }
        }
        return ok ? new Leaf(List.copyOf(values), at, false) : null;
    }

    private @Nullable Node table(Key key, Object raw, Where where, Pos at) {
        Where inner = where.child(key.name());
        if (!(raw instanceof TomlTable table) || key.child() == null) {
            sink.error(at, inner.path(), "expected a table ([" + inner.header() + "]), got " + Values.describe(raw, false));
            return null;
        }
        return read(table, key.child(), inner, at);
    }

    private @Nullable Node namedTables(Key key, Object raw, Where where, Pos at) {
        Where inner = where.child(key.name());
        if (!(raw instanceof TomlTable table) || key.child() == null) {
            sink.error(at, inner.path(), "expected tables like [" + inner.header() + ".NAME], got " + Values.describe(raw, false));
            return null;
        }
        Map<String, Node> children = new LinkedHashMap<>();
        Set<String> invalid = new HashSet<>();
        for (String name : table.keySet()) {
            List<String> keyPath = List.of(name);
            Pos nameAt = Pos.of(table.inputPositionOf(keyPath), linesBefore);
            Checked checked = TextRules.COMMAND_NAME.check(new Text(name, false, ""));
            if (checked.value() == null) {
                sink.error(nameAt, inner.path(), String.valueOf(checked.error()));
                invalid.add(name);
                continue;
            }
            Where entry = inner.child(name);
            if (!(table.get(keyPath) instanceof TomlTable entryTable)) {
                sink.error(nameAt, entry.path(), "expected a table ([" + entry.header() + "]), got "
                        + Values.describe(table.get(keyPath), false));
                invalid.add(name);
                continue;
            }
            children.put(name, read(entryTable, key.child(), entry, nameAt));
        }
        return new Branch(children, invalid, at);
    }

    private @Nullable Node tableArray(Key key, Object raw, Where where, Pos at) {
        Where inner = where.child(key.name());
        if (raw instanceof TomlTable) {
            sink.error(at, inner.path(), "expected [[" + inner.header() + "]] (an array of tables), got a table; write [["
                    + inner.header() + "]] with double brackets");
            return null;
        }
        if (!(raw instanceof TomlArray array) || key.child() == null) {
            sink.error(at, inner.path(), "expected [[" + inner.header() + "]] tables, got " + Values.describe(raw, false));
            return null;
        }
        List<Branch> items = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            Pos itemAt = Pos.of(array.inputPositionOf(i), linesBefore);
            Where item = new Where(inner.path() + "[" + i + "]", inner.header(), where.botName());
            if (!(array.get(i) instanceof TomlTable itemTable)) {
                sink.error(itemAt, item.path(), "expected a table ([[" + inner.header() + "]]), got "
                        + Values.describe(array.get(i), false));
                ok = false;
                continue;
            }
            Branch branch = read(itemTable, key.child(), item, itemAt);
            requireKeys(branch, key.child(), item, itemAt);
            items.add(branch);
        }
        return ok ? new Items(items, at) : null;
    }

    /** Array elements are not merged with defaults, so their required keys can be checked right here. */
    void requireKeys(Branch branch, Section section, Where where, Pos at) {
        for (Map.Entry<String, String> required : section.required().entrySet()) {
            if (!branch.has(required.getKey()) && !branch.invalid(required.getKey())) {
                sink.error(at, where.path(), "missing " + required.getKey() + "; add " + required.getValue());
            }
        }
    }
}
