package dev.hupbot.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables one load resolves {@code ${NAME}} against: the env file's, then the process
 * environment's. {@link #fingerprint()} tells two reads of the env file apart without keeping
 * its text (it lives in memory only, never in the database or a log); {@code toString} never
 * shows a value.
 */
public final class Variables {
    private final Map<String, String> values;
    private final String fingerprint;

    private Variables(Map<String, String> values, String fingerprint) {
        this.values = Map.copyOf(values);
        this.fingerprint = fingerprint;
    }

    /** Exactly these variables (tests, the bench): no env file. */
    public static Variables of(Map<String, String> values) {
        return new Variables(values, digest(values));
    }

    /** The env file's variables over the process environment's. */
    static Variables layered(Map<String, String> envFile, Map<String, String> process) {
        Map<String, String> merged = new HashMap<>(process);
        merged.putAll(envFile);
        return new Variables(merged, digest(envFile));
    }

    public Map<String, String> values() {
        return values;
    }

    /** SHA-256 over the env file's names and values: equal when a re-read found the same variables. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "Variables[" + values.size() + " names]";
    }

    private static String digest(Map<String, String> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                // Length-prefixed, so no two different maps feed the digest the same bytes.
                for (String part : new String[] {e.getKey(), e.getValue()}) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                    sha.update(bytes);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
