package dev.hupbot.presence;

import java.util.Map;
import java.util.Set;

/** Knows, per channel, whether its stream is live. */
public interface Liveness extends AutoCloseable {
    /** Told when a watched channel goes live or offline; on the liveness source's own thread. */
    @FunctionalInterface
    interface Listener {
        void changed(String channel, boolean live);
    }

    /**
     * Where there is no stream to follow (the shell chat): every channel counts as live, so a
     * {@code live} bot behaves like an {@code always} one.
     */
    Liveness EVERY_CHANNEL_LIVE = new Liveness() {
        @Override
        public boolean isLive(String channel) {
            return true;
        }

        @Override
        public void watch(Set<String> channels) {}

        @Override
        public void onChange(Listener listener) {}

        @Override
        public Map<String, Boolean> known() {
            return Map.of();
        }

        @Override
        public void close() {}
    };

    /** False until the channel is known to be live. */
    boolean isLive(String channel);

    /**
     * The channels whose streams matter now (those of {@code live} bots); returns at once, the
     * checks and subscriptions they need run on the source's own thread.
     */
    void watch(Set<String> channels);

    void onChange(Listener listener);

    /** Every watched channel's state, as last seen: true live, false offline. */
    Map<String, Boolean> known();

    @Override
    void close();
}
