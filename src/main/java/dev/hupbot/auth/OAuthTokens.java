package dev.hupbot.auth;

import dev.hupbot.config.Secret;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What Twitch's {@code /token} endpoint handed out.
 *
 * @param refreshToken null when Twitch gave none
 * @param expiresIn the access token's lifetime; zero when Twitch did not say
 * @param scopes the scopes Twitch says it granted (may be empty: {@code /validate} is the authority)
 */
public record OAuthTokens(Secret accessToken, @Nullable Secret refreshToken, Duration expiresIn, List<String> scopes) {
    public OAuthTokens {
        scopes = List.copyOf(scopes);
    }
}
