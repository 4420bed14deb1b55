package dev.hupbot.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The placeholder text of {@code config/.env.example} ({@code sk-or-v1-replace-me},
 * {@code replace-with-stickyman-oauth-token}): a value still holding it was copied and never
 * filled in. Such a value is valid (a first try in the shell chat needs no real key) but earns
 * one warning, and an API key that is a placeholder counts as no key: nothing is sent with it.
 */
public final class ExamplePlaceholders {
    private ExamplePlaceholders() {}

    /** Whether {@code value} still holds the example's placeholder text. */
    public static boolean holds(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.contains("replace-me") || v.contains("replace-with");
    }

    /**
     * The warning for a credential that still holds it.
     *
     * @param source the variable the value came from, or null for a literal in the file
     * @param what what the value is ({@code token}, {@code API key})
     */
    static String warning(@Nullable String source, String what) {
        String holder = source == null ? "the value" : source;
        return holder + " is still the example's placeholder; set your real " + what + " in the env file"
                + (source == null ? " and refer to it as ${NAME}" : "");
    }
}
