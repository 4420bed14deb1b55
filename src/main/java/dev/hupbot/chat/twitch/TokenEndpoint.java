package dev.hupbot.chat.twitch;

import dev.hupbot.config.Secret;

/** Trades a refresh token for a new access token (Twitch's {@code POST /oauth2/token}). */
@FunctionalInterface
interface TokenEndpoint {
    /**
     * @throws RefreshFailure when the endpoint refuses or does not answer
     */
    RefreshedToken refresh(Secret refreshToken, String clientId, Secret clientSecret);
}
