package dev.hupbot.diff;

import dev.hupbot.config.Secret;

/**
 * One flattened field of a bot. {@code raw} is the value's text: the string itself for a string
 * field ({@code quoted}), the canonical display form for anything else. Two leaves are the same
 * value when both agree; the quoted display form is only built for the few fields that changed.
 * A secret leaf's text never leaves this package: {@link #shown} redacts it, fingerprinting the
 * plain string so a sensitive string reads like a {@link Secret} with the same value.
 */
record Leaf(String raw, boolean quoted, boolean secret) {

    boolean sameValue(Leaf other) {
        return quoted == other.quoted && raw.equals(other.raw);
    }

    /** The display form; {@code redact} is set when either side of the change is secret. */
    String shown(boolean redact) {
        if (!redact) {
            return quoted ? Values.quote(raw) : raw;
        }
        return raw.isEmpty() ? "\"\"" : Secret.of(raw).redacted();
    }

    @Override
    public String toString() {
        return shown(secret);
    }
}
