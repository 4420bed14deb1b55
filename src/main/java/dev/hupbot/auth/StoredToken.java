package dev.hupbot.auth;

import dev.hupbot.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One bot's entry in the token store. {@code toString} shows no token.
 *
 * @param login the Twitch account the token belongs to (checked at login)
 * @param expiresAt when the access token expires; null when unknown
 * @param validatedAt when Twitch last said the access token is valid; null when never
 */
public record StoredToken(
        String login,
        String userId,
        Secret accessToken,
        @Nullable Secret refreshToken,
        List<String> scopes,
        @Nullable Instant expiresAt,
        @Nullable Instant validatedAt) {

    public StoredToken {
        scopes = List.copyOf(scopes);
    }

    /** The entry after a refresh: new tokens, same account. A refresh token Twitch did not rotate stays. */
    public StoredToken rotated(Secret access, @Nullable Secret refresh, Duration expiresIn, Instant now) {
        return new StoredToken(login, userId, access, refresh == null ? refreshToken : refresh, scopes,
                expiresIn.isZero() ? null : now.plus(expiresIn), now);
    }

    public StoredToken validated(Instant now, Duration expiresIn) {
        return new StoredToken(login, userId, accessToken, refreshToken, scopes,
                expiresIn.isZero() ? expiresAt : now.plus(expiresIn), now);
    }

    @Override
    public String toString() {
        return "StoredToken[login=" + login + ", scopes=" + scopes + ", expiresAt=" + expiresAt + "]";
    }
}
