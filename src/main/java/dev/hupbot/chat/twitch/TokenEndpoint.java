package dev.hupbot.chat.twitch;

import dev.hupbot.config.Secret;
import org.jspecify.annotations.Nullable;

/** Trades a refresh token for a new access token (Twitch's {@code POST /oauth2/token}). */
@FunctionalInterface
interface TokenEndpoint {
    /**
     * @param clientSecret null for a public client (Twitch's device-code logins), which has none
     * @throws RefreshFailure when the endpoint refuses or does not answer
     */
    RefreshedToken refresh(Secret refreshToken, String clientId, @Nullable Secret clientSecret);
}
