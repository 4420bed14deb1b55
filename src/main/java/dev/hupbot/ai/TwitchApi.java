package dev.hupbot.ai;

/**
 * Where the moderator reaches Twitch: the Helix API (timeouts) and the OAuth server (who a token
 * belongs to). Process settings from {@code --twitch-helix-url} and {@code --twitch-auth-url},
 * never from {@code bots.toml}; tests point them at a local fake.
 */
public record TwitchApi(String helixUrl, String authUrl) {
    public static final String DEFAULT_HELIX_URL = "https://api.twitch.tv/helix";
    public static final String DEFAULT_AUTH_URL = "https://id.twitch.tv/oauth2";
    public static final TwitchApi DEFAULT = new TwitchApi(DEFAULT_HELIX_URL, DEFAULT_AUTH_URL);

    public TwitchApi {
        helixUrl = withoutTrailingSlash(helixUrl);
        authUrl = withoutTrailingSlash(authUrl);
    }

    static String withoutTrailingSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
