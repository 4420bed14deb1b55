package dev.hupbot.ai;

import java.util.List;
import java.util.Locale;

/** Channel names compare without the IRC {@code #} and without case, as Twitch treats them. */
final class Channels {
    private Channels() {}

    static String key(String channel) {
        String bare = channel.startsWith("#") ? channel.substring(1) : channel;
        return bare.toLowerCase(Locale.ROOT);
    }

    static boolean contains(List<String> channels, String channel) {
        String wanted = key(channel);
        for (String c : channels) {
            if (key(c).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
