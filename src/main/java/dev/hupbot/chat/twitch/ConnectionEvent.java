package dev.hupbot.chat.twitch;

/**
 * A change in one bot's chat connection.
 *
 * @param login the bot
 * @param kind what happened
 * @param detail the same words as the log line, without the {@code bot=} prefix; never a token
 */
public record ConnectionEvent(String login, Kind kind, String detail) {
    public enum Kind {
        /** Twitch accepted the login (each time, reconnects included). */
        CONNECTED,
        /** The connection was lost; twitch4j is reconnecting with backoff. */
        RECONNECTING,
        /**
         * Twitch refused the bot's token (invalid, expired, revoked, or without chat:read). A bot
         * out of chat stays out until {@code replaceCredential} gives it a token Twitch accepts, or
         * it is closed; a bot in chat whose new token is refused stays in chat on its old one.
         */
        TOKEN_REJECTED
    }
}
