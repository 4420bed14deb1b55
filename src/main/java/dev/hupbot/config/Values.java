package dev.hupbot.config;

import java.math.BigDecimal;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** How messages show TOML values: short, typed, and never a secret. */
final class Values {
    private static final int MAX_SHOWN = 40;

    private Values() {}

    static String quote(String text) {
        String shortened = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return "\"" + shortened.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** {@code string "hot"}, {@code integer 5}, {@code a table}; a hidden string shows no content. */
    static String describe(Object value, boolean hidden) {
        if (value instanceof String s) {
            return hidden ? "a string (hidden)" : "string " + quote(s);
        }
        if (hidden) {
            return withArticle(typeName(value)) + " (hidden)";
        }
        if (value instanceof Long l) {
            return "integer " + l;
        }
        if (value instanceof Double d) {
            return "float " + number(d);
        }
        if (value instanceof Boolean b) {
            return "boolean " + b;
        }
        return withArticle(typeName(value));
    }

    private static String withArticle(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof TomlArray) {
            return "array";
        }
        if (value instanceof TomlTable) {
            return "table";
        }
        return "date/time";
    }

    /** {@code 2.0}, {@code 0.25}, {@code 1000000.0}: plain digits, never exponent notation. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        String plain = BigDecimal.valueOf(d).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
