package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.KeyCatalogue.Bounds;
import dev.hupbot.config.KeyCatalogue.Key;
import dev.hupbot.config.KeyCatalogue.Section;
import dev.hupbot.config.KeyCatalogue.Type;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.FieldPaths;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The README's table of bots.toml keys is checked against the code: the key catalogue (every key
 * and its type and range), the apply table (what a change does) and the loader (each default),
 * so the reference cannot drift from what hupbot does.
 */
class ReadmeKeyTableTest {
    record Row(String key, String type, String defaultValue, String range, String action) {}

    private static Map<String, Row> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("<!-- keys:start -->");
        int end = readme.indexOf("<!-- keys:end -->");
        assertThat(start).as("README.md has <!-- keys:start -->").isPositive();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : readme.substring(start, end).lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            // "\|" is a literal bar inside a cell
            String[] cells = line.replace("\\|", "\u0000").split("\\|", -1);
            List<String> c = new ArrayList<>();
            for (int i = 1; i < cells.length - 1; i++) {
                c.add(cells[i].replace("\u0000", "|").strip());
            }
            assertThat(c).as(line).hasSize(5);
            String key = c.get(0).replace("`", "");
            rows.put(key, new Row(key, c.get(1), c.get(2), c.get(3), c.get(4)));
        }
        return rows;
    }

    /** Every leaf key of a bot, as the README spells it: ai.model, commands.NAME.response, timers[].message. */
    private static Map<String, Key> catalogueKeys() {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (Key key : KeyCatalogue.BOT.keys().values()) {
            Section child = key.child();
            if (child == null) {
                keys.put(key.name(), key);
                continue;
            }
            String prefix = switch (key.type()) {
                case NAMED_TABLES -> key.name() + ".NAME.";
                case TABLE_ARRAY -> key.name() + "[].";
                default -> key.name() + ".";
            };
            child.keys().values().forEach(k -> keys.put(prefix + k.name(), k));
        }
        return keys;
    }

    @Test
    void listsEveryKeyOfTheCatalogueAndNoOther() throws IOException {
        assertThat(readmeRows().keySet()).containsExactlyInAnyOrderElementsOf(catalogueKeys().keySet());
    }

    @Test
    void typesAndRangesAreTheCatalogues() throws IOException {
        Map<String, Row> rows = readmeRows();
        catalogueKeys().forEach((name, key) -> {
            Row row = rows.get(name);
            if (row == null) {
                return; // the key-set test names it
            }
            assertThat(row.type()).as("type of %s", name).isEqualTo(typeName(key.type()));
            Bounds bounds = key.bounds();
            if (bounds != null) {
                assertThat(row.range()).as("range of %s", name).startsWith(range(bounds));
            }
        });
    }

    @Test
    void actionsAreTheApplyTables() throws IOException {
        readmeRows().forEach((name, row) -> {
            String path = name.replace("commands.NAME.", "commands.hello.").replace("timers[].", "timers[0].");
            ApplyAction on = FieldPaths.actionFor(path, true);
            ApplyAction off = FieldPaths.actionFor(path, false);
            String expected = name.equals("name") || on != off ? "START / STOP" : on.name();
            assertThat(row.action()).as("action of %s", name).startsWith(expected);
        });
    }

    @Test
    void defaultsAreWhatTheLoaderGives() throws IOException {
        String toml = """
                [[bots]]
                name = "warden"
                token = "t0ken-for-defaults"
                role = "moderator"
                [bots.ai]
                [bots.commands.hello]
                response = "hi"
                [[bots.timers]]
                message = "m"
                interval_seconds = 60
                [bots.moderation]
                """;
        LoadResult loaded = new ConfigLoader(Map.of()).parse("bots.toml", toml.getBytes(StandardCharsets.UTF_8));
        assertThat(loaded.errors()).isEmpty();
        BotConfig bot = Objects.requireNonNull(loaded.config()).bots().get(0);
        readmeRows().forEach((name, row) -> {
            String written = row.defaultValue();
            if (written.startsWith("required") || name.equals("role")) {
                return; // role is set above, to have a moderation table
            }
            Object value = valueAt(bot, name);
            if (written.startsWith("none")) {
                assertThat(value == null || value instanceof Secret s && s.isEmpty()).as("default of %s", name).isTrue();
                return;
            }
            String shown = written.substring(1, written.indexOf('`', 1));
            assertThat(shown).as("default of %s", name).isEqualTo(render(value));
        });
    }

    private static @Nullable Object valueAt(BotConfig bot, String key) {
        Object node = bot;
        for (String part : key.split("\\.")) {
            if (node instanceof Map<?, ?> map) {
                node = map.values().iterator().next();
                continue;
            }
            String component = camel(part.replace("[]", ""));
            if (node instanceof List<?> list) {
                node = list.get(0);
            }
            node = component(Objects.requireNonNull(node), component);
        }
        return node;
    }

    private static @Nullable Object component(Object record, String name) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    Method accessor = c.getAccessor();
                    return accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no " + name + " in " + record.getClass().getSimpleName());
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return out.toString();
    }

    private static String render(@Nullable Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Role r) {
            return "\"" + r.key() + "\"";
        }
        if (value instanceof Presence p) {
            return "\"" + p.key() + "\"";
        }
        if (value instanceof Permission p) {
            return "\"" + p.key() + "\"";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReadmeKeyTableTest::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static String typeName(Type type) {
        return switch (type) {
            case STRING_LIST -> "list of strings";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String range(Bounds bounds) {
        if (!bounds.whole()) {
            return Values.number(bounds.min()) + "–" + Values.number(bounds.max());
        }
        if (bounds.max() == Long.MAX_VALUE) {
            return "≥ " + (long) bounds.min();
        }
        return (long) bounds.min() + "–" + (long) bounds.max();
    }
}
