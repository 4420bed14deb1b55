package dev.hupbot.ai;

import java.time.Duration;

/**
 * How hard the client tries one model before it moves to the next: at most {@code maxRetries}
 * retries after a 429 or 5xx, waiting what {@code Retry-After} asks or else an exponential
 * backoff from {@code firstBackoff}; a wait longer than {@code maxWait} is not worth it (chat has
 * moved on), so that model is given up instead.
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxWait) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
        }
    }

    /** The wait before retry number {@code retry} (0-based) when the server named none. */
    Duration backoff(int retry) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(retry, 20));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
