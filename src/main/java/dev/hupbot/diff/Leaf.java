package dev.hupbot.diff;

import dev.hupbot.config.Secret;

/**
 * One flattened field of a bot. {@code text} is the canonical display form, compared to decide
 * whether the field changed; {@code raw} is what a fingerprint is taken of (the plain string for
 * strings, so a sensitive string fingerprints like a {@link Secret} with the same value).
 * A secret leaf's text never leaves this package: {@link #shown} redacts it.
 */
record Leaf(String text, String raw, boolean secret) {

    /** The display form; {@code redact} is set when either side of the change is secret. */
    String shown(boolean redact) {
        if (!redact) {
            return text;
        }
        return raw.isEmpty() ? "\"\"" : Secret.of(raw).redacted();
    }

    @Override
    public String toString() {
        return shown(secret);
    }
}
