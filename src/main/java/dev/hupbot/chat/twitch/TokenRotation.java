package dev.hupbot.chat.twitch;

import dev.hupbot.config.Secret;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Told of every successful refresh, before the new access token is put to use: Twitch's
 * public-client refresh tokens are single-use, so whoever keeps tokens across restarts (the token
 * store) must have written the new one down first, or a kill at the wrong moment leaves only a
 * spent one. Runs on the bot's control thread; it may block on a file write, never on chat.
 */
@FunctionalInterface
public interface TokenRotation {
    /**
     * @param spent the refresh token just traded in
     * @param refreshToken the one to use next time; null when Twitch did not rotate it
     * @param expiresIn the new access token's lifetime; zero when Twitch did not say
     */
    void rotated(String login, Secret spent, Secret accessToken, @Nullable Secret refreshToken, Duration expiresIn);

    TokenRotation IGNORE = (login, spent, access, refresh, expiresIn) -> { };
}
