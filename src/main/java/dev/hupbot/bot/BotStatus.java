package dev.hupbot.bot;

import dev.hupbot.config.Presence;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bot's live state, for {@code hupbot status} and the embedding API. {@code repliesDroppedLate}
 * counts lines not sent because the chat's rate limit would have posted them more than a few
 * seconds late; {@code repliesDroppedQueueFull} those pushed out of the bot's full send queue.
 */
public record BotStatus(
        String name,
        boolean enabled,
        boolean connected,
        Set<String> channels,
        long messagesIn,
        long messagesOut,
        @Nullable Instant lastMessageIn,
        @Nullable Instant lastMessageOut,
        long repliesDroppedLate,
        long repliesDroppedQueueFull,
        Presence presence) {

    public BotStatus {
        channels = Set.copyOf(channels);
    }

    /** A bot that is in its channels always. */
    public BotStatus(String name, boolean enabled, boolean connected, Set<String> channels, long messagesIn,
            long messagesOut, @Nullable Instant lastMessageIn, @Nullable Instant lastMessageOut,
            long repliesDroppedLate, long repliesDroppedQueueFull) {
        this(name, enabled, connected, channels, messagesIn, messagesOut, lastMessageIn, lastMessageOut,
                repliesDroppedLate, repliesDroppedQueueFull, Presence.ALWAYS);
    }

    /** A bot that dropped no reply. */
    public BotStatus(String name, boolean enabled, boolean connected, Set<String> channels, long messagesIn,
            long messagesOut, @Nullable Instant lastMessageIn, @Nullable Instant lastMessageOut) {
        this(name, enabled, connected, channels, messagesIn, messagesOut, lastMessageIn, lastMessageOut, 0, 0);
    }
}
