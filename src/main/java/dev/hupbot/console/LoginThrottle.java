package dev.hupbot.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed console logins per client address: {@value #MAX_FAILURES} in {@link #WINDOW}, then that
 * address is refused until the oldest failure leaves the window. Bounded: at most {@value
 * #MAX_CLIENTS} addresses are remembered (the oldest entries go first).
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code client} must wait before it may try again; empty when it may try now. */
    synchronized Optional<Duration> refusal(String client) {
        Deque<Instant> recent = prune(client);
        if (recent == null || recent.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        Duration wait = Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    synchronized void failed(String client) {
        if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
            failures.keySet().removeIf(c -> prune(c) == null);
            if (failures.size() >= MAX_CLIENTS) {
                failures.remove(failures.keySet().iterator().next());
            }
        }
        failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(clock.instant());
    }

    private Deque<Instant> prune(String client) {
        Deque<Instant> recent = failures.get(client);
        if (recent == null) {
            return null;
        }
        Instant horizon = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(client);
            return null;
        }
        return recent;
    }
}
