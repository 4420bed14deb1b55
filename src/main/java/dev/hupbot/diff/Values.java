package dev.hupbot.diff;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Canonical display text of field values, as diffs, logs and audit rows show them: TOML-like so
 * an operator reads them as they wrote them (strings quoted, numbers without spurious digits,
 * lists as {@code ["a", "b"]}), and canonical so that equal values always print equally.
 */
final class Values {
    private Values() {}

    /** A TOML basic string: quoted, with quotes, backslashes and control characters escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The text {@link #quote} made {@code quoted} from, or null when it is not such a string. */
    static @Nullable String unquote(String quoted) {
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '"') {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= quoted.length() - 1) {
                return null;
            }
            switch (quoted.charAt(i)) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    int code = i + 4 < quoted.length() - 1 ? hex(quoted.substring(i + 1, i + 5)) : -1;
                    if (code < 0) {
                        return null;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    private static int hex(String digits) {
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /**
     * The shortest decimal that reads back as the same double, in {@link Double#toString}'s
     * layout ({@code 0.7}, {@code 1.0}, {@code 1.0E-7}) so it always reads as a float.
     */
    static String number(double value) {
        String text = Double.toString(value);
        if (value == 0 || !Double.isFinite(value)) {
            return text;
        }
        BigDecimal printed = new BigDecimal(text);
        // JDK 17's Double.toString sometimes prints digits that are not needed (JDK-4511638,
        // fixed in 19): 2.0E-3 can come out longer than it should. Look for a shorter form.
        for (int digits = 1; digits < printed.precision(); digits++) {
            BigDecimal shorter = printed.round(new MathContext(digits));
            if (shorter.doubleValue() == value) {
                return layout(shorter);
            }
        }
        return text;
    }

    private static String layout(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        double magnitude = Math.abs(stripped.doubleValue());
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            String plain = stripped.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = stripped.precision() - stripped.scale() - 1;
        String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
        return (stripped.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
    }

    /** An ordered list: order is part of the value. */
    static String list(List<String> values) {
        return join(values, Values::quote);
    }

    /** A list whose order carries no meaning: printed sorted and without duplicates. */
    static String set(Collection<String> values) {
        return join(new TreeSet<>(values), Values::quote);
    }

    static <T> String join(Iterable<T> values, Function<T, String> show) {
        StringBuilder out = new StringBuilder("[");
        for (T value : values) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(show.apply(value));
        }
        return out.append(']').toString();
    }
}
