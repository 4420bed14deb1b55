package dev.hupbot.config;

import java.util.Locale;

/** Who may use a command, lowest first: each level includes the ones above it in rank. */
public enum Permission {
    EVERYONE,
    SUBSCRIBER,
    VIP,
    MODERATOR,
    BROADCASTER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allows(Permission userLevel) {
        return userLevel.ordinal() >= ordinal();
    }
}
