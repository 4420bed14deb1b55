package dev.hupbot.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Loads TOML text under the name {@code bots.toml} and shows problems as users see them. */
final class Loading {
    static final String TOKEN_VALUE = "tok-stickyman-0123456789";
    static final Map<String, String> ENV = Map.of(
            "TWITCH_TOKEN_STICKYMAN", TOKEN_VALUE,
            "TWITCH_TOKEN_WARDEN", "tok-warden-9876543210",
            "OPENROUTER_API_KEY", "sk-or-v1-abcdef0123456789");

    /** A valid bot, lines 1-4, for tests that add one thing to it. */
    static final String STICKYMAN = """
            [[bots]]
            name = "stickyman"
            token = "${TWITCH_TOKEN_STICKYMAN}"
            channels = ["mychannel"]
            """;

    private Loading() {}

    static LoadResult load(String toml) {
        return load(toml, ENV);
    }

    static LoadResult load(String toml, Map<String, String> env) {
        return new ConfigLoader(env).parse("bots.toml", toml.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String toml) {
        return problems(toml, ENV);
    }

    static List<String> problems(String toml, Map<String, String> env) {
        return load(toml, env).problems().stream().map(Problem::format).toList();
    }

    static BotConfig onlyBot(String toml) {
        LoadResult result = load(toml);
        if (!result.valid() || result.config() == null) {
            throw new AssertionError("expected a valid file, got " + result.problems());
        }
        return result.config().bots().get(0);
    }
}
