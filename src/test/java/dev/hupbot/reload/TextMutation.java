package dev.hupbot.reload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One edit of a config file's text or bytes, the way a hurried operator or a half-finished save
 * breaks it. {@code where} and {@code choice} are free numbers (the generator's, so they shrink):
 * {@code where} picks the line or byte among the eligible ones, {@code choice} the variant.
 */
record TextMutation(Kind kind, int where, int choice) {

    enum Kind {
        DELETE_LINE(false),
        DUPLICATE_LINE(false),
        TRUNCATE(false),
        /** A string value replaced by a reference to a secret variable: valid or not, never shown. */
        SECRET_ELSEWHERE(false),
        WRONG_TYPE(true),
        OUT_OF_RANGE(true),
        UNKNOWN_KEY(true),
        BROKEN_SYNTAX(true),
        BAD_UTF8(true);

        /** Whether a file with this one edit (applied where it can be) can never be valid. */
        final boolean alwaysInvalid;

        Kind(boolean alwaysInvalid) {
            this.alwaysInvalid = alwaysInvalid;
        }

        boolean onBytes() {
            return this == TRUNCATE || this == BAD_UTF8;
        }
    }

    enum Type { STRING, SECRET, INTEGER, NUMBER, BOOLEAN, LIST }

    /** The key of every {@code key = value} line {@link TortureConfig} writes, with its type. */
    static final Map<String, Type> TYPES = Map.ofEntries(
            Map.entry("command_prefix", Type.STRING), Map.entry("base_url", Type.STRING), Map.entry("model", Type.STRING),
            Map.entry("name", Type.STRING), Map.entry("role", Type.STRING), Map.entry("intro_message", Type.STRING),
            Map.entry("response", Type.STRING), Map.entry("permission", Type.STRING), Map.entry("message", Type.STRING),
            Map.entry("api_key", Type.SECRET), Map.entry("token", Type.SECRET),
            Map.entry("min_delay_ms", Type.INTEGER), Map.entry("max_delay_ms", Type.INTEGER),
            Map.entry("max_tokens", Type.INTEGER), Map.entry("history_size", Type.INTEGER),
            Map.entry("history_ttl_seconds", Type.INTEGER), Map.entry("timeout_seconds", Type.INTEGER),
            Map.entry("cooldown_seconds", Type.INTEGER), Map.entry("user_cooldown_seconds", Type.INTEGER),
            Map.entry("interval_seconds", Type.INTEGER), Map.entry("min_chat_lines", Type.INTEGER),
            Map.entry("check_interval_seconds", Type.INTEGER), Map.entry("max_timeout_seconds", Type.INTEGER),
            Map.entry("reply_chance", Type.NUMBER), Map.entry("temperature", Type.NUMBER),
            Map.entry("enabled", Type.BOOLEAN), Map.entry("dry_run", Type.BOOLEAN),
            Map.entry("channels", Type.LIST), Map.entry("ignored_users", Type.LIST), Map.entry("fallback_models", Type.LIST),
            Map.entry("aliases", Type.LIST), Map.entry("rules", Type.LIST), Map.entry("exempt_roles", Type.LIST));

    /** Values of another TOML type than each key's. */
    static final Map<Type, List<String>> WRONG_TYPES = Map.of(
            Type.STRING, List.of("42", "true", "[\"a_b_c\"]", "1.5", "{ x = 1 }", "1979-05-27"),
            Type.SECRET, List.of("42", "false", "[\"oauth:abc\"]", "{ value = \"x\" }"),
            Type.INTEGER, List.of("\"10\"", "true", "[1]", "2.5", "{ n = 1 }"),
            Type.NUMBER, List.of("\"0.5\"", "false", "[0.5]", "{ n = 0.5 }"),
            Type.BOOLEAN, List.of("\"true\"", "1", "[true]", "0.0"),
            Type.LIST, List.of("42", "true", "[1, 2]", "[[\"nested\"]]", "{ a = \"b\" }", "[\"ok_item\", 3]"));

    /** Values of the right type outside the allowed range or set. */
    static final Map<String, List<String>> OUT_OF_RANGE_VALUES = Map.ofEntries(
            Map.entry("reply_chance", List.of("1.5", "-0.1", "nan", "inf")),
            Map.entry("temperature", List.of("2.5", "-0.5", "nan", "-inf")),
            Map.entry("max_tokens", List.of("0", "4001", "-7")),
            Map.entry("history_size", List.of("0", "1001")),
            Map.entry("history_ttl_seconds", List.of("0", "-1")),
            Map.entry("timeout_seconds", List.of("0", "-30")),
            Map.entry("min_delay_ms", List.of("-1")),
            Map.entry("max_delay_ms", List.of("-1")),
            Map.entry("cooldown_seconds", List.of("-1")),
            Map.entry("user_cooldown_seconds", List.of("-300")),
            Map.entry("interval_seconds", List.of("0", "-900")),
            Map.entry("min_chat_lines", List.of("-1", "1000001")),
            Map.entry("check_interval_seconds", List.of("0")),
            Map.entry("max_timeout_seconds", List.of("0", "1209601")),
            Map.entry("role", List.of("\"admin\"", "\"\"")),
            Map.entry("permission", List.of("\"god\"", "\"Everyone!\"")),
            Map.entry("name", List.of("\"Not A Login!\"", "\"ab\"", "\"\"")),
            Map.entry("channels", List.of("[\"my channel\"]", "[\"mychannel\", \"mychannel\"]", "[\"\"]")),
            Map.entry("exempt_roles", List.of("[\"nobody\"]")),
            Map.entry("aliases", List.of("[\"hi there\"]", "[\"hi\", \"hi\"]")),
            Map.entry("ignored_users", List.of("[\"no spaces allowed\"]")),
            Map.entry("base_url", List.of("\"not a url\"")),
            Map.entry("response", List.of("\"\"")),
            Map.entry("message", List.of("\"\"")));

    /** Keys that no table of the file knows (some are close to one that does). */
    static final List<String> UNKNOWN_KEYS = List.of("systemPrompt", "tempratur", "bogus_key", "Name", "channel",
            "max_token", "permisson", "intro", "\"quoted key\"");

    /** Byte sequences that are not UTF-8: bad lead, lone continuation, overlong, surrogate, cut short, over U+10FFFF. */
    static final List<byte[]> NOT_UTF8 = List.of(
            new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF0, (byte) 0x9F}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    static final List<String> SECRET_REFERENCES = List.of("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"${OPENROUTER_API_KEY}\"",
            "\"before ${TWITCH_TOKEN_CHAT_WARDEN} after\"", "[\"${TWITCH_TOKEN_SLEEPY_LLAMA}\"]");

    private static final Pattern KEY_LINE = Pattern.compile("^(\\s*)([a-z_]+)(\\s*=\\s*)(.*)$");

    /** Applies the edits in order, those on lines before those on bytes; returns the file's bytes. */
    static Mutated apply(String text, List<TextMutation> mutations) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        List<TextMutation> applied = new ArrayList<>();
        for (TextMutation m : mutations) {
            if (!m.kind.onBytes() && m.applyToLines(lines)) {
                applied.add(m);
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        for (TextMutation m : mutations) {
            if (m.kind.onBytes()) {
                byte[] next = m.applyToBytes(bytes);
                if (next != null) {
                    bytes = next;
                    applied.add(m);
                }
            }
        }
        return new Mutated(bytes, applied);
    }

    /** The bytes to save and the edits that found a place to apply. */
    record Mutated(byte[] bytes, List<TextMutation> applied) {
        /** True when the one edit made is of a kind no valid file can come from. */
        boolean mustBeInvalid() {
            return applied.size() == 1 && applied.get(0).kind.alwaysInvalid;
        }
    }

    private boolean applyToLines(List<String> lines) {
        boolean[] inString = multiLineStringLines(lines);
        switch (kind) {
            case DELETE_LINE -> {
                if (lines.isEmpty()) {
                    return false;
                }
                lines.remove(index(lines.size()));
                return true;
            }
            case DUPLICATE_LINE -> {
                if (lines.isEmpty()) {
                    return false;
                }
                int i = index(lines.size());
                lines.add(i, lines.get(i));
                return true;
            }
            case WRONG_TYPE -> {
                return replaceValue(lines, inString, key -> TYPES.containsKey(key), key -> WRONG_TYPES.get(TYPES.get(key)));
            }
            case OUT_OF_RANGE -> {
                return replaceValue(lines, inString, OUT_OF_RANGE_VALUES::containsKey, OUT_OF_RANGE_VALUES::get);
            }
            case SECRET_ELSEWHERE -> {
                return replaceValue(lines, inString,
                        key -> TYPES.get(key) == Type.STRING || TYPES.get(key) == Type.LIST, key -> SECRET_REFERENCES);
            }
            case UNKNOWN_KEY -> {
                List<Integer> headers = eligible(lines, inString, l -> l.startsWith("["));
                if (headers.isEmpty()) {
                    return false;
                }
                int at = headers.get(index(headers.size()));
                lines.add(at + 1, UNKNOWN_KEYS.get(variant(UNKNOWN_KEYS.size())) + " = 1");
                return true;
            }
            case BROKEN_SYNTAX -> {
                List<Integer> targets = eligible(lines, inString,
                        l -> l.startsWith("[") || KEY_LINE.matcher(l).matches() && !l.contains("\"\"\""));
                if (targets.isEmpty()) {
                    return false;
                }
                int at = targets.get(index(targets.size()));
                lines.set(at, broken(lines.get(at)));
                return true;
            }
            default -> throw new IllegalStateException(kind + " works on bytes");
        }
    }

    private String broken(String line) {
        if (line.startsWith("[")) {
            return switch (variant(4)) {
                case 0 -> line.substring(0, line.length() - 1); // "[bots.ai" — the bracket never closes
                case 1 -> "[" + line.substring(0, line.length() - (line.startsWith("[[") ? 2 : 1)); // [[bots.ai]
                case 2 -> line.replaceFirst("]", ".]"); // an empty last key segment: [defaults.]
                default -> line + " trailing";
            };
        }
        Matcher m = KEY_LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalStateException(line);
        }
        String key = m.group(2);
        String value = m.group(4);
        return switch (variant(6)) {
            case 0 -> key + " = "; // no value
            case 1 -> "= " + value; // no key
            case 2 -> key + " == " + value;
            case 3 -> key + " : " + value;
            case 4 -> key + " = " + value + " junk";
            // unclosed: a string loses its closing quote, anything else gains an opening bracket
            default -> value.endsWith("\"") ? key + " = " + value.substring(0, value.length() - 1) : key + " = [" + value;
        };
    }

    @FunctionalInterface
    private interface Choices {
        List<String> of(String key);
    }

    @FunctionalInterface
    private interface KeyFilter {
        boolean test(String key);
    }

    @FunctionalInterface
    private interface LineFilter {
        boolean test(String line);
    }

    private boolean replaceValue(List<String> lines, boolean[] inString, KeyFilter keys, Choices choices) {
        List<Integer> targets = eligible(lines, inString, l -> {
            Matcher m = KEY_LINE.matcher(l);
            return m.matches() && keys.test(m.group(2)) && !m.group(4).startsWith("\"\"\"");
        });
        if (targets.isEmpty()) {
            return false;
        }
        int at = targets.get(index(targets.size()));
        Matcher m = KEY_LINE.matcher(lines.get(at));
        if (!m.matches()) {
            throw new IllegalStateException(lines.get(at));
        }
        List<String> values = choices.of(m.group(2));
        lines.set(at, m.group(1) + m.group(2) + m.group(3) + values.get(variant(values.size())));
        return true;
    }

    private static List<Integer> eligible(List<String> lines, boolean[] inString, LineFilter filter) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!inString[i] && filter.test(lines.get(i))) {
                found.add(i);
            }
        }
        return found;
    }

    /** Lines inside a multi-line string (the closing line included): edits there change text, not structure. */
    private static boolean[] multiLineStringLines(List<String> lines) {
        boolean[] inside = new boolean[lines.size()];
        boolean open = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int quotes = 0;
            for (int at = line.indexOf("\"\"\""); at >= 0; at = line.indexOf("\"\"\"", at + 3)) {
                quotes++;
            }
            inside[i] = open;
            if (quotes % 2 == 1) {
                open = !open;
            }
        }
        return inside;
    }

    private byte @org.jspecify.annotations.Nullable [] applyToBytes(byte[] bytes) {
        if (kind == Kind.TRUNCATE) {
            return bytes.length == 0 ? null : Arrays.copyOf(bytes, index(bytes.length));
        }
        byte[] bad = NOT_UTF8.get(variant(NOT_UTF8.size()));
        int at = index(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bad.length);
        out.write(bytes, 0, at);
        out.writeBytes(bad);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private int index(int size) {
        return Math.floorMod(where, size);
    }

    private int variant(int size) {
        return Math.floorMod(choice, size);
    }
}
