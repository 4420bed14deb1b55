package dev.hupbot.config;

import org.jspecify.annotations.Nullable;

/**
 * A check (and normalisation) of one string value after {@code ${NAME}} resolution, such as a
 * Twitch login or a permission name.
 */
@FunctionalInterface
interface TextRule {
    Checked check(Text text);

    /**
     * A resolved string and how a message may show it: quoted, or hidden when it is a secret or
     * came from a variable named like one.
     */
    record Text(String value, boolean hidden, String variable) {
        String shown() {
            if (!hidden) {
                return Values.quote(value);
            }
            return variable.isEmpty() ? "(hidden)" : "the value of ${" + variable + "} (hidden)";
        }
    }

    /** Either the value to keep (perhaps normalised) or what is wrong with it and how to fix it. */
    record Checked(@Nullable String value, @Nullable String error) {
        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked bad(String error) {
            return new Checked(null, error);
        }
    }
}
