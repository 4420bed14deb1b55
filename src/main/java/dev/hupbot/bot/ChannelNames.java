package dev.hupbot.bot;

import java.util.Locale;

/** Channel names compare without the IRC {@code #} and without case, as Twitch treats them. */
final class ChannelNames {
    private ChannelNames() {}

    static String key(String channel) {
        return bare(channel).toLowerCase(Locale.ROOT);
    }

    /** The name as written, without a leading {@code #}: what {@code {channel}} shows. */
    static String bare(String channel) {
        return channel.startsWith("#") ? channel.substring(1) : channel;
    }
}
