package dev.hupbot.config;

/** What a bot does in chat. Only moderators may carry a {@code [bots.moderation]} table. */
public enum Role {
    CHATTER,
    MODERATOR;

    /** The spelling used in {@code bots.toml}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
