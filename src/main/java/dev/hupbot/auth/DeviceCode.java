package dev.hupbot.auth;

import dev.hupbot.config.Secret;
import java.time.Duration;

/**
 * Twitch's answer to {@code POST /device}: what the person types at {@code verificationUri}
 * ({@code userCode}), and what hupbot polls {@code /token} with ({@code deviceCode}, kept secret:
 * whoever holds it gets the token).
 */
public record DeviceCode(Secret deviceCode, String userCode, String verificationUri, Duration expiresIn, Duration interval) {}
