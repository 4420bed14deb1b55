package dev.hupbot.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A credential or other sensitive string. Its text leaves only through {@link #reveal()}; every
 * other form ({@code toString}, JSON, diffs, audit rows) is {@code ***} plus a short fingerprint,
 * so an operator can see that a token changed, or that two versions share one, without seeing it.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    private Secret(String value) {
        this.value = value;
        this.fingerprint = fingerprintOf(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret text, for the one place that needs it (the wire). Never log the result. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** First 8 hex digits of the SHA-256 of the value: enough to tell versions apart. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The only printable form: {@code ***} and the fingerprint, e.g. {@code ***3f2a9c01}. */
    @JsonValue
    public String redacted() {
        return value.isEmpty() ? "" : "***" + fingerprint;
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    static String fingerprintOf(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
