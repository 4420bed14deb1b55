package dev.hupbot.chat.twitch;

/**
 * Told about every bot's connection changes, e.g. to stop a bot whose token Twitch rejected.
 * Called off twitch4j's reading thread, in order per bot, on the thread that also delivers that
 * bot's chat messages.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onConnectionEvent(ConnectionEvent event);

    /** A listener that ignores everything (the log lines still tell the operator). */
    static ConnectionListener ignoring() {
        return event -> { };
    }
}
