package dev.hupbot.chat.twitch;

import dev.hupbot.config.Secret;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What Twitch's token endpoint gave for a refresh token.
 *
 * @param accessToken the new access token
 * @param refreshToken the refresh token to use next time, when Twitch rotated it; null to keep the old one
 * @param expiresIn the new token's lifetime; zero when Twitch did not say
 */
record RefreshedToken(Secret accessToken, @Nullable Secret refreshToken, Duration expiresIn) {}
