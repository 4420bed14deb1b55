package dev.hupbot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} references against an environment given as a map (the CLI passes
 * the process environment; tests pass their own). {@code $${} is a literal {@code ${}.
 */
final class Interpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> SENSITIVE_WORDS = List.of("TOKEN", "KEY", "SECRET", "PASSWORD");

    private final Map<String, String> env;

    Interpolator(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param value the text with every reference replaced (a missing one by "")
     * @param variables every variable referenced, in order
     * @param missing the referenced variables the environment does not have
     * @param malformed a {@code ${} that is not a valid reference was found
     */
    record Resolution(String value, List<String> variables, List<String> missing, boolean malformed) {
        Resolution {
            variables = List.copyOf(variables);
            missing = List.copyOf(missing);
        }

        boolean literal() {
            return variables.isEmpty();
        }

        /** The value came (at least partly) from a variable named like a credential. */
        boolean sensitive() {
            return variables.stream().anyMatch(Interpolator::sensitiveName);
        }

        /** The first sensitive variable, for messages that must point at a value without showing it. */
        String firstSensitiveVariable() {
            return variables.stream().filter(Interpolator::sensitiveName).findFirst().orElse("");
        }
    }

    static boolean sensitiveName(String name) {
        return !sensitiveWord(name).isEmpty();
    }

    /** The word that marks {@code name} as a secret (TOKEN, KEY, SECRET, PASSWORD), or "". */
    static String sensitiveWord(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SENSITIVE_WORDS.stream().filter(upper::contains).findFirst().orElse("");
    }

    /**
     * The error for a secret-named variable outside a secret field: its value would reach chat,
     * a log, a prompt or a URL, where no redaction follows it.
     */
    static String misplacedSecret(String name) {
        return "${" + name + "} is named like a secret (it contains " + sensitiveWord(name) + ") and may only be used in"
                + " token, refresh_token or api_key, not in a field that reaches chat, a log or a URL; move the secret"
                + " into api_key/token, or rename the variable if it is not a secret";
    }

    Resolution resolve(String raw) {
        if (raw.indexOf('$') < 0) {
            return new Resolution(raw, List.of(), List.of(), false);
        }
        StringBuilder out = new StringBuilder(raw.length());
        List<String> variables = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean malformed = false;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                String name = end < 0 ? "" : raw.substring(i + 2, end);
                if (end < 0 || !NAME.matcher(name).matches()) {
                    // keep the rest verbatim; the caller reports the reference as malformed
                    malformed = true;
                    out.append(raw, i, raw.length());
                    break;
                }
                variables.add(name);
                String value = env.get(name);
                if (value == null) {
                    missing.add(name);
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        return new Resolution(out.toString(), variables, missing, malformed);
    }
}
