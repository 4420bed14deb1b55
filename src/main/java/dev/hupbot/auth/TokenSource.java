package dev.hupbot.auth;

import dev.hupbot.config.BotConfig;
import dev.hupbot.diff.FieldPaths;
import java.util.Locale;

/**
 * Where a bot's token comes from, in precedence order: a literal in {@code bots.toml}, a
 * {@code ${NAME}} reference (env file or environment), the token store, or nowhere.
 */
public enum TokenSource {
    FILE,
    ENV,
    STORE,
    NONE;

    /** The source for {@code bot}, given whether the store has an entry for it. */
    public static TokenSource of(BotConfig bot, boolean inStore) {
        if (!bot.token().reveal().isBlank()) {
            // a value from a variable named like a credential is marked sensitive by the loader;
            // a token field only takes such variables, so "sensitive" is exactly "came from ${NAME}"
            return bot.sensitivePaths().contains(FieldPaths.TOKEN) ? ENV : FILE;
        }
        return inStore ? STORE : NONE;
    }

    /** The spelling of {@code auth status}: file, env, store, none. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
