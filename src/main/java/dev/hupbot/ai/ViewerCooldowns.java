package dev.hupbot.ai;

import dev.hupbot.config.AiConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ai.user_cooldown_seconds}: one viewer must not spend the AI budget. A viewer's line
 * that would start a request of a bot starts none while that bot still owes the viewer a reply
 * (queued or asking the model), nor within the cooldown since the last one it started. A flood
 * of 300 lines naming every bot in 13 s was 731 LLM requests; with this it is at most one per
 * bot per cooldown.
 *
 * <p>The cooldown is read from the settings at each line, so a reload changes it for the next
 * line; the memory of the last start carries over. Counted from a request's start, not from each
 * line, so a flooding viewer cannot keep it running forever. Thread-safe.
 */
final class ViewerCooldowns {
    /** How often, in clock time, entries that can block no one any more are dropped. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    /** Remembered (bot, viewer) pairs at most; beyond it the idle ones are forgotten at once. */
    static final int MAX_ENTRIES = 100_000;

    private record Key(String bot, String user) {}

    private static final class State {
        Instant lastStart;
        boolean inFlight;

        State(Instant lastStart) {
            this.lastStart = lastStart;
        }
    }

    private final Clock clock;
    private final Map<Key, State> states = new HashMap<>();
    private Instant lastSweep = Instant.MIN;

    ViewerCooldowns(Clock clock) {
        this.clock = clock;
    }

    /**
     * True when {@code bot} may start a request for {@code user}'s line now; the request then
     * counts as in flight until {@link #finished}.
     */
    synchronized boolean tryStart(String bot, String user, long cooldownSeconds) {
        Instant now = clock.instant();
        sweepIfDue(now);
        Key key = new Key(bot, user.toLowerCase(Locale.ROOT));
        State state = states.get(key);
        if (state != null) {
            if (state.inFlight) {
                return false;
            }
            // a clock stepped back must not stretch the cooldown by the size of the step
            boolean running = cooldownSeconds > 0 && !now.isBefore(state.lastStart)
                    && now.isBefore(state.lastStart.plusSeconds(cooldownSeconds));
            if (running) {
                return false;
            }
        } else {
            state = new State(now);
            states.put(key, state);
        }
        state.lastStart = now;
        state.inFlight = true;
        return true;
    }

    /** The reply {@link #tryStart} allowed is sent, failed or dropped; a no-op for one it never allowed. */
    synchronized void finished(String bot, String user) {
        State state = states.get(new Key(bot, user.toLowerCase(Locale.ROOT)));
        if (state != null) {
            state.inFlight = false;
        }
    }

    synchronized int tracked() {
        return states.size();
    }

    private void sweepIfDue(Instant now) {
        boolean full = states.size() >= MAX_ENTRIES;
        if (!full && !now.isBefore(lastSweep) && now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
            return;
        }
        lastSweep = now;
        // nothing older than the longest cooldown the file may set can block anyone
        Instant horizon = now.minusSeconds(AiConfig.MAX_USER_COOLDOWN_SECONDS);
        states.values().removeIf(s -> !s.inFlight && (full || !s.lastStart.isAfter(horizon)));
    }
}
