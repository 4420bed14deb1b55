package dev.hupbot.chat.twitch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Twitch message ids a bot has handled lately. During a token switch the same line arrives on
 * the old and the new connection; it is handled the first time only. Bounded: the oldest id goes
 * when a new one would exceed {@code capacity}, which at Twitch's busiest is still far more than
 * the lines that can arrive on two connections in the seconds a switch takes.
 */
final class SeenMessages {
    private final Map<String, Boolean> ids;

    SeenMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code id} is seen (within the last {@code capacity} ids); an empty id is always new. */
    synchronized boolean firstTime(String id) {
        return id.isEmpty() || ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
