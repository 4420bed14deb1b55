package dev.hupbot.chat;

import dev.hupbot.config.Permission;
import java.time.Instant;

/**
 * A chat line as a bot sees it. {@code level} is the sender's highest permission level (from
 * Twitch badges, or {@code EVERYONE} in the shell). {@code id} is the same for every bot that
 * receives the line (Twitch's message id), so a crew can decide once per line; {@code userId}
 * and {@code roomId} are Twitch's numeric ids of sender and channel (names in the shell).
 */
public record ChatMessage(
        String channel,
        String user,
        String displayName,
        String text,
        Permission level,
        Instant at,
        String id,
        String userId,
        String roomId) {

    /** A line without Twitch ids (tests, simple transports): ids fall back to names. */
    public ChatMessage(String channel, String user, String displayName, String text, Permission level, Instant at) {
        this(channel, user, displayName, text, level, at, "", user, channel);
    }
}
