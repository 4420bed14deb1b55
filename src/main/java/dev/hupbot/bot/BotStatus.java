package dev.hupbot.bot;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A bot's live state, for {@code hupbot status} and the embedding API. */
public record BotStatus(
        String name,
        boolean enabled,
        boolean connected,
        Set<String> channels,
        long messagesIn,
        long messagesOut,
        @Nullable Instant lastMessageIn,
        @Nullable Instant lastMessageOut) {

    public BotStatus {
        channels = Set.copyOf(channels);
    }
}
