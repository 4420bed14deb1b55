package dev.hupbot.config;

import java.util.Locale;

/** When a bot is in its channels: around the clock, or only while the channel's stream is live. */
public enum Presence {
    ALWAYS,
    LIVE;

    /** The spelling used in {@code bots.toml}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
