package dev.hupbot.chat;

import java.time.Duration;

/**
 * How many chat lines a bot may send: a token bucket of {@code capacity} lines, refilled
 * continuously at {@code capacity} per {@code period} (Twitch's own rule, e.g. 20 per 30 s for an
 * ordinary account). Senders above the transport use it to hold lines back themselves rather
 * than let the transport's own queue fill and post them late.
 */
public record SendRate(long capacity, Duration period) {
    /** No limit worth counting: the shell, load tests. */
    public static final SendRate UNLIMITED = new SendRate(Long.MAX_VALUE, Duration.ofSeconds(1));

    public SendRate {
        if (capacity < 1) {
            throw new IllegalArgumentException("a send rate allows at least 1 line, got " + capacity);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a send rate's period must be positive, got " + period);
        }
    }

    public boolean unlimited() {
        return capacity == Long.MAX_VALUE;
    }
}
