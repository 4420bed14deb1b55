package dev.hupbot.chat;

import dev.hupbot.config.Permission;
import java.time.Instant;

/**
 * A chat line as a bot sees it. {@code level} is the sender's highest permission level
 * (from Twitch badges, or {@code EVERYONE} in the shell).
 */
public record ChatMessage(String channel, String user, String displayName, String text, Permission level, Instant at) {}
