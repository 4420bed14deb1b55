package dev.hupbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every key {@code bots.toml} knows, per table, with its type, range and string rule. The reader
 * walks the file against this catalogue, so a key is spelled (and checked) in one place only.
 */
final class KeyCatalogue {
    private KeyCatalogue() {}

    enum Type {
        STRING,
        /** A string kept as a {@link Secret}: never echoed, warned about when literal. */
        SECRET,
        BOOLEAN,
        INTEGER,
        NUMBER,
        STRING_LIST,
        TABLE,
        /** A table of tables keyed by a name, like {@code [bots.commands.hello]}. */
        NAMED_TABLES,
        /** An array of tables, like {@code [[bots.timers]]}. */
        TABLE_ARRAY
    }

    /** An allowed numeric range, inclusive. */
    record Bounds(double min, double max, boolean whole) {
        static Bounds whole(long min, long max) {
            return new Bounds(min, max, true);
        }

        static Bounds atLeast(long min) {
            return new Bounds(min, Long.MAX_VALUE, true);
        }

        static Bounds between(double min, double max) {
            return new Bounds(min, max, false);
        }

        boolean contains(double value) {
            return value >= min && value <= max;
        }

        /** How to write a value this range accepts, e.g. {@code write a number without quotes, e.g. temperature = 1.0}. */
        String fix(String key) {
            String example;
            if (!whole) {
                example = Values.number(min == -Double.MAX_VALUE ? 0 : (min + max) / 2);
            } else {
                example = Long.toString((long) min);
            }
            return "write " + (whole ? "a whole number" : "a number") + " without quotes, e.g. " + key + " = " + example;
        }

        /** {@code a number between 0.0 and 2.0}, {@code a whole number of at least 1}. */
        String expectation() {
            if (!whole) {
                return "a number between " + Values.number(min) + " and " + Values.number(max);
            }
            if (max == Long.MAX_VALUE) {
                return "a whole number of at least " + (long) min;
            }
            return "a whole number between " + (long) min + " and " + (long) max;
        }
    }

    /**
     * @param rule for strings and each string of a list
     * @param child the keys of a nested table (or of each named table / array element)
     * @param unique a list whose items must not repeat
     * @param variable for secrets: the variable a literal value should move to ({@code %s} = the bot's name)
     */
    record Key(String name, Type type, @Nullable Bounds bounds, TextRule rule, @Nullable Section child,
            boolean unique, String variable) {}

    /**
     * The keys of one kind of table; {@code forbidden} keys are known but not allowed here (with
     * the reason), {@code required} keys map to the example line a message suggests.
     */
    record Section(String name, Map<String, Key> keys, Map<String, String> forbidden, Map<String, String> required) {
        Section {
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
            forbidden = Map.copyOf(forbidden);
            required = Collections.unmodifiableMap(new LinkedHashMap<>(required));
        }

        Section requiring(String key, String example) {
            Map<String, String> more = new LinkedHashMap<>(required);
            more.put(key, example);
            return new Section(name, keys, forbidden, more);
        }

        @Nullable Key key(String name) {
            return keys.get(name);
        }

        Set<String> names() {
            return keys.keySet();
        }
    }

    private static Key string(String name, TextRule rule) {
        return new Key(name, Type.STRING, null, rule, null, false, "");
    }

    private static Key secret(String name, TextRule rule, String variable) {
        return new Key(name, Type.SECRET, null, rule, null, false, variable);
    }

    private static Key bool(String name) {
        return new Key(name, Type.BOOLEAN, null, TextRules.ANY, null, false, "");
    }

    private static Key integer(String name, Bounds bounds) {
        return new Key(name, Type.INTEGER, bounds, TextRules.ANY, null, false, "");
    }

    private static Key number(String name, Bounds bounds) {
        return new Key(name, Type.NUMBER, bounds, TextRules.ANY, null, false, "");
    }

    private static Key list(String name, TextRule rule, boolean unique) {
        return new Key(name, Type.STRING_LIST, null, rule, null, unique, "");
    }

    private static Key nested(String name, Type type, Section child) {
        return new Key(name, type, null, TextRules.ANY, child, false, "");
    }

    private static Section section(String name, Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.name(), key);
        }
        return new Section(name, map, Map.of(), Map.of());
    }

    static final Section AI = section("ai",
            string("base_url", TextRules.URL),
            secret("api_key", TextRules.CREDENTIAL, "OPENROUTER_API_KEY"),
            string("model", TextRules.MODEL),
            number("temperature", Bounds.between(0.0, 2.0)),
            integer("max_tokens", Bounds.whole(1, 4000)),
            integer("history_size", Bounds.whole(1, 1000)),
            integer("history_ttl_seconds", Bounds.atLeast(1)),
            string("system_prompt", TextRules.ANY),
            list("fallback_models", TextRules.MODEL, false),
            integer("timeout_seconds", Bounds.atLeast(1)),
            integer("user_cooldown_seconds", Bounds.whole(0, AiConfig.MAX_USER_COOLDOWN_SECONDS)));

    static final Section COMMAND = section("command",
            string("response", TextRules.REQUIRED_CHAT_TEXT),
            list("aliases", TextRules.COMMAND_NAME, true),
            integer("cooldown_seconds", Bounds.atLeast(0)),
            integer("user_cooldown_seconds", Bounds.atLeast(0)),
            string("permission", TextRules.PERMISSION));

    static final Section TIMER = section("timer",
            string("message", TextRules.REQUIRED_CHAT_TEXT),
            integer("interval_seconds", Bounds.atLeast(1)),
            // an int in the record; a million lines is already "never"
            integer("min_chat_lines", Bounds.whole(0, 1_000_000)))
            .requiring("message", "message = \"Follow the channel!\"")
            .requiring("interval_seconds", "interval_seconds = 900");

    static final Section MODERATION = section("moderation",
            list("rules", TextRules.RULE_TEXT, false),
            integer("check_interval_seconds", Bounds.atLeast(1)),
            // Twitch's longest timeout is two weeks
            integer("max_timeout_seconds", Bounds.whole(1, 1_209_600)),
            list("exempt_roles", TextRules.EXEMPT_ROLE, true),
            bool("dry_run"));

    private static final Key[] SHARED_BOT_KEYS = {
        secret("token", TextRules.CREDENTIAL, "TWITCH_TOKEN_%s"),
        secret("refresh_token", TextRules.CREDENTIAL, "TWITCH_REFRESH_TOKEN_%s"),
        bool("enabled"),
        string("role", TextRules.ROLE),
        string("presence", TextRules.PRESENCE),
        list("channels", TextRules.CHANNEL, true),
        string("command_prefix", TextRules.PREFIX),
        string("intro_message", TextRules.CHAT_TEXT),
        list("ignored_users", TextRules.USER_LOGIN, false),
        number("reply_chance", Bounds.between(0.0, 1.0)),
        integer("min_delay_ms", Bounds.atLeast(0)),
        integer("max_delay_ms", Bounds.atLeast(0)),
        nested("ai", Type.TABLE, AI),
        nested("commands", Type.NAMED_TABLES, COMMAND),
        nested("timers", Type.TABLE_ARRAY, TIMER),
        nested("moderation", Type.TABLE, MODERATION),
    };

    static final Section BOT = botSection();

    static final Section DEFAULTS = new Section("defaults", keyMap(SHARED_BOT_KEYS),
            Map.of("name", "a bot's name cannot be a default: every bot needs its own; set name in each [[bots]]"), Map.of());

    /** The tables a file may hold at the top level. */
    static final Section TOP = section("top",
            nested("defaults", Type.TABLE, DEFAULTS),
            nested("bots", Type.TABLE_ARRAY, BOT));

    private static Section botSection() {
        List<Key> keys = new ArrayList<>();
        keys.add(string("name", TextRules.LOGIN_NAME));
        keys.addAll(List.of(SHARED_BOT_KEYS));
        return section("bots", keys.toArray(Key[]::new)).requiring("name", "name = \"your_bot_login\"");
    }

    private static Map<String, Key> keyMap(Key[] keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.name(), key);
        }
        return map;
    }

    /**
     * What an unknown key was probably meant to be, as it should appear in the message:
     * {@code 'system_prompt'} for a key of the same table, or {@code 'ai.system_prompt' (in [bots.ai])}
     * for a key that belongs in a nested table.
     */
    static Optional<String> suggestion(String unknown, Section section, String header) {
        Optional<String> same = Spelling.closest(unknown, section.names());
        if (same.isPresent()) {
            return Optional.of("'" + same.get() + "'");
        }
        for (Key key : section.keys().values()) {
            if (key.type() == Type.TABLE && key.child() != null) {
                Optional<String> inner = Spelling.closest(unknown, key.child().names());
                if (inner.isPresent()) {
                    return Optional.of("'" + key.name() + "." + inner.get() + "' (in [" + header + "." + key.name() + "])");
                }
            }
        }
        return Optional.empty();
    }
}
