package dev.hupbot.chat.twitch;

import com.github.twitch4j.chat.util.TwitchChatLimitHelper;
import dev.hupbot.chat.SendRate;
import io.github.bucket4j.Bandwidth;

/**
 * How fast a bot may send, join and log in: Twitch's published limits as twitch4j's buckets.
 * Sends beyond a bucket wait for it to refill; they are not dropped.
 */
public enum TwitchRateLimits {
    /** An ordinary account: 20 messages per 30 s, 20 joins per 10 s, 20 logins per 10 s. */
    USER(TwitchChatLimitHelper.USER_MESSAGE_LIMIT, TwitchChatLimitHelper.USER_JOIN_LIMIT, TwitchChatLimitHelper.USER_AUTH_LIMIT),
    /** A bot that is moderator (or VIP) where it speaks: 100 messages per 30 s. */
    MODERATOR(TwitchChatLimitHelper.MOD_MESSAGE_LIMIT, TwitchChatLimitHelper.USER_JOIN_LIMIT, TwitchChatLimitHelper.USER_AUTH_LIMIT),
    /** A verified bot: 7,500 messages per 30 s, 2,000 joins and 200 logins per 10 s. Tests use it too. */
    VERIFIED(TwitchChatLimitHelper.VERIFIED_MESSAGE_LIMIT, TwitchChatLimitHelper.VERIFIED_JOIN_LIMIT, TwitchChatLimitHelper.VERIFIED_AUTH_LIMIT),
    /**
     * No practical limit, per bot and per channel: for load tests against a local chat server.
     * Refused with Twitch's own server, which would disconnect a bot that floods it.
     */
    UNLIMITED(unlimited("messages"), unlimited("joins"), unlimited("logins"));

    private static Bandwidth unlimited(String id) {
        return Bandwidth.builder().capacity(1_000_000).refillGreedy(1_000_000, java.time.Duration.ofSeconds(1)).id(id).build();
    }

    private final Bandwidth messages;
    private final Bandwidth joins;
    private final Bandwidth logins;

    TwitchRateLimits(Bandwidth messages, Bandwidth joins, Bandwidth logins) {
        this.messages = messages;
        this.joins = joins;
        this.logins = logins;
    }

    /**
     * The message bucket as a {@link SendRate}, for the bots' own outgoing queue: it holds lines
     * back at this pace, so twitch4j's queue (which delays, then drops at 200) never fills.
     */
    public SendRate sendRate() {
        if (this == UNLIMITED) {
            return SendRate.UNLIMITED;
        }
        // twitch4j's presets refill greedily, capacity tokens per period; scaled in case they differ
        long nanosPerCapacity = Math.multiplyExact(messages.getRefillPeriodNanos(), messages.getCapacity())
                / messages.getRefillTokens();
        return new SendRate(messages.getCapacity(), java.time.Duration.ofNanos(nanosPerCapacity));
    }

    Bandwidth messages() {
        return messages;
    }

    Bandwidth joins() {
        return joins;
    }

    Bandwidth logins() {
        return logins;
    }
}
