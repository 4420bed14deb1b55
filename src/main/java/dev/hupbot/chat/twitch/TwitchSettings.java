package dev.hupbot.chat.twitch;

import dev.hupbot.net.UrlRedactor;
import java.util.Locale;

/**
 * Where Twitch is and how fast a bot may talk to it. The defaults are Twitch's own servers;
 * tests and proxies point the URLs elsewhere.
 *
 * @param ircUrl chat, IRC over WebSocket ({@code ws://} or {@code wss://})
 * @param authUrl OAuth base URL; tokens are checked at {@code authUrl + "/validate"}
 * @param helixUrl Helix API base URL (not used by chat itself; kept so no setting points at Twitch by accident)
 * @param rateLimits send, join and login limits per bot
 * @param tokenRefresh the application that refreshes bots' tokens at {@code authUrl + "/token"}, and when
 */
public record TwitchSettings(
        String ircUrl, String authUrl, String helixUrl, TwitchRateLimits rateLimits, TokenRefresh tokenRefresh) {
    public static final String TWITCH_IRC_URL = "wss://irc-ws.chat.twitch.tv:443";
    public static final String TWITCH_AUTH_URL = "https://id.twitch.tv/oauth2";
    public static final String TWITCH_HELIX_URL = "https://api.twitch.tv/helix";

    public TwitchSettings {
        ircUrl = ircUrl.trim();
        String scheme = ircUrl.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("ws://") && !scheme.startsWith("wss://")) {
            throw new IllegalArgumentException("Twitch IRC URL must start with ws:// or wss:// (Twitch's own is "
                    + TWITCH_IRC_URL + "), got: " + UrlRedactor.redact(ircUrl));
        }
        authUrl = httpUrl("Twitch auth URL", authUrl, TWITCH_AUTH_URL);
        helixUrl = httpUrl("Twitch Helix URL", helixUrl, TWITCH_HELIX_URL);
        if (rateLimits == TwitchRateLimits.UNLIMITED && isTwitchIrc(ircUrl)) {
            throw new IllegalArgumentException("rate limits UNLIMITED are for local test servers only; with Twitch's own "
                    + "server use USER, MODERATOR or VERIFIED");
        }
    }

    /** Without token refresh. */
    public TwitchSettings(String ircUrl, String authUrl, String helixUrl, TwitchRateLimits rateLimits) {
        this(ircUrl, authUrl, helixUrl, rateLimits, TokenRefresh.none());
    }

    /** Twitch's servers and an ordinary account's limits; tokens are not refreshed. */
    public static TwitchSettings defaults() {
        return new TwitchSettings(TWITCH_IRC_URL, TWITCH_AUTH_URL, TWITCH_HELIX_URL, TwitchRateLimits.USER);
    }

    public TwitchSettings withIrcUrl(String url) {
        return new TwitchSettings(url, authUrl, helixUrl, rateLimits, tokenRefresh);
    }

    public TwitchSettings withAuthUrl(String url) {
        return new TwitchSettings(ircUrl, url, helixUrl, rateLimits, tokenRefresh);
    }

    public TwitchSettings withHelixUrl(String url) {
        return new TwitchSettings(ircUrl, authUrl, url, rateLimits, tokenRefresh);
    }

    public TwitchSettings withRateLimits(TwitchRateLimits limits) {
        return new TwitchSettings(ircUrl, authUrl, helixUrl, limits, tokenRefresh);
    }

    public TwitchSettings withTokenRefresh(TokenRefresh refresh) {
        return new TwitchSettings(ircUrl, authUrl, helixUrl, rateLimits, refresh);
    }

    /** Where refresh tokens are traded for new access tokens. */
    public String tokenUrl() {
        return authUrl + "/token";
    }

    /**
     * Whether chat goes to Twitch's own server. twitch4j sends the real token only there unless
     * told otherwise; any other URL was configured on purpose by the operator (a test server, a
     * proxy), so the token is sent there too.
     */
    public boolean usesTwitchIrc() {
        return isTwitchIrc(ircUrl);
    }

    private static boolean isTwitchIrc(String url) {
        return url.equalsIgnoreCase(TWITCH_IRC_URL)
                || url.equalsIgnoreCase(TWITCH_IRC_URL.substring(0, TWITCH_IRC_URL.length() - ":443".length()));
    }

    private static String httpUrl(String what, String url, String twitchDefault) {
        String u = url.trim();
        String scheme = u.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
            throw new IllegalArgumentException(what + " must start with http:// or https:// (Twitch's own is "
                    + twitchDefault + "), got: " + UrlRedactor.redact(url));
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
