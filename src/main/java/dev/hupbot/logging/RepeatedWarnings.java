package dev.hupbot.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A log throttle for trouble that repeats: keyed by (bot, kind), the first occurrence of a
 * message is logged; the same message again is only counted, and summarized at most once per
 * {@code summaryEvery} as {@code MESSAGE (12 more times in the last 5 min)}; when the trouble
 * ends, {@link #recovered} logs one line. A different message under the same key is news and
 * is logged at once. Thread-safe; the clock is injected so tests can move time. Without this an AI endpoint that is down, or a chat server that is away,
 * writes the same line every 30 s (or every reconnect attempt) until the log is useless.
 */
public final class RepeatedWarnings {
    /** How often a repeating warning is summarized. */
    public static final Duration DEFAULT_SUMMARY_EVERY = Duration.ofMinutes(5);

    private final Logger log;
    private final Clock clock;
    private final Duration summaryEvery;
    private final Map<Key, Trouble> troubles = new HashMap<>();

    public RepeatedWarnings(Logger log, Clock clock, Duration summaryEvery) {
        if (summaryEvery.isNegative() || summaryEvery.isZero()) {
            throw new IllegalArgumentException("summaryEvery must be positive, got " + summaryEvery);
        }
        this.log = log;
        this.clock = clock;
        this.summaryEvery = summaryEvery;
    }

    public RepeatedWarnings(Logger log, Clock clock) {
        this(log, clock, DEFAULT_SUMMARY_EVERY);
    }

    /** {@link #report} at WARN. */
    public boolean warn(String bot, String kind, String message) {
        return report(Level.WARN, bot, kind, message);
    }

    /**
     * Logs {@code message} at {@code level} unless it is the one already logged for (bot, kind);
     * then it is counted, and the count logged when {@code summaryEvery} has passed since the
     * last line for that key.
     *
     * @return whether a line was written
     */
    public boolean report(Level level, String bot, String kind, String message) {
        return report(level, bot, kind, message, message);
    }

    /**
     * As {@link #report(Level, String, String, String)}, with repeats told by {@code signature}
     * (the cause) rather than by the whole line: lines that differ only in who or where (the
     * viewer a reply was for) still count as the same trouble.
     */
    public boolean report(Level level, String bot, String kind, String signature, String message) {
        Instant now = clock.instant();
        String line;
        synchronized (this) {
            Key key = new Key(bot, kind);
            Trouble trouble = troubles.get(key);
            if (trouble == null || !trouble.signature.equals(signature)) {
                troubles.put(key, new Trouble(signature, now));
                line = message;
            } else {
                trouble.repeats++;
                if (Duration.between(trouble.lastLogged, now).compareTo(summaryEvery) < 0) {
                    return false;
                }
                line = message + " (" + times(trouble.repeats) + " in the last " + shown(Duration.between(trouble.lastLogged, now)) + ")";
                trouble.repeats = 0;
                trouble.lastLogged = now;
            }
        }
        log.atLevel(level).log(line);
        return true;
    }

    /**
     * The trouble of (bot, kind) is over: logs {@code message} at INFO once, with how often the
     * warning repeated since it was last logged, and forgets the key. Nothing when nothing was wrong.
     *
     * @return whether a line was written
     */
    public boolean recovered(String bot, String kind, String message) {
        Instant now = clock.instant();
        Trouble trouble;
        synchronized (this) {
            trouble = troubles.remove(new Key(bot, kind));
        }
        if (trouble == null) {
            return false;
        }
        String tail = trouble.repeats == 0 ? ""
                : " (the warning repeated " + times(trouble.repeats) + " in the last "
                        + shown(Duration.between(trouble.lastLogged, now)) + ")";
        log.info(message + tail);
        return true;
    }

    /** Whether a warning of (bot, kind) was logged and has not recovered. */
    public synchronized boolean failing(String bot, String kind) {
        return troubles.containsKey(new Key(bot, kind));
    }

    /** Forgets every key of {@code bot} without a line: it stopped, its trouble is no longer news. */
    public synchronized void forget(String bot) {
        troubles.keySet().removeIf(k -> k.bot.equals(bot));
    }

    private static String times(int n) {
        return n + " more " + (n == 1 ? "time" : "times");
    }

    /** Whole minutes from one minute on, seconds below: {@code 5 min}, {@code 40 s}. */
    static String shown(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        return seconds < 60 ? seconds + " s" : Math.round(seconds / 60.0) + " min";
    }

    private record Key(String bot, String kind) {}

    private static final class Trouble {
        final String signature;
        Instant lastLogged;
        int repeats;

        Trouble(String signature, Instant at) {
            this.signature = signature;
            this.lastLogged = at;
        }
    }
}
