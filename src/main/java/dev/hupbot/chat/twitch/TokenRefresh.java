package dev.hupbot.chat.twitch;

import dev.hupbot.config.Secret;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How bots' access tokens are refreshed before they expire. Refreshing needs the Twitch
 * application the tokens were issued to ({@code clientId}, {@code clientSecret}) and a bot with a
 * {@code refresh_token}; without them a token that expires is only warned about.
 *
 * <p>A token is refreshed at 80% of its lifetime, or {@code minMargin} before it expires when that
 * is earlier, but never before half its lifetime: a short-lived token must not make the bot
 * refresh in a loop.
 *
 * @param clientId the application's client id, or null for none
 * @param clientSecret the application's client secret, or null for none
 * @param minMargin refresh at least this long before the token expires
 * @param firstRetry wait after the first failed refresh; doubles after each further failure
 * @param attempts refresh attempts per token, the first one included, before giving up
 */
public record TokenRefresh(
        @Nullable String clientId, @Nullable Secret clientSecret, Duration minMargin, Duration firstRetry, int attempts) {

    public static final Duration DEFAULT_MIN_MARGIN = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(30);
    public static final int DEFAULT_ATTEMPTS = 4;

    public TokenRefresh {
        if (clientId != null && clientId.isBlank() || clientSecret != null && clientSecret.isEmpty()) {
            throw new IllegalArgumentException("Twitch client id and client secret must not be empty; leave them unset"
                    + " for no token refresh");
        }
        if (minMargin.isNegative()) {
            throw new IllegalArgumentException("token refresh margin must not be negative, got " + minMargin.toSeconds() + " s");
        }
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("token refresh retry delay must be positive, got " + firstRetry.toMillis() + " ms");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("token refresh attempts must be at least 1, got " + attempts);
        }
    }

    /** No application configured: tokens are not refreshed, only warned about before they expire. */
    public static TokenRefresh none() {
        return new TokenRefresh(null, null, DEFAULT_MIN_MARGIN, DEFAULT_FIRST_RETRY, DEFAULT_ATTEMPTS);
    }

    public TokenRefresh withClient(String id, Secret secret) {
        return new TokenRefresh(id.trim(), secret, minMargin, firstRetry, attempts);
    }

    public TokenRefresh withMinMargin(Duration margin) {
        return new TokenRefresh(clientId, clientSecret, margin, firstRetry, attempts);
    }

    public TokenRefresh withRetries(Duration first, int tries) {
        return new TokenRefresh(clientId, clientSecret, minMargin, first, tries);
    }

    /**
     * Whether an application is configured, so bots with a refresh token can refresh: a client id,
     * with a secret for a confidential application or without one for a public one.
     */
    public boolean hasClient() {
        return clientId != null;
    }

    /** A public application: a client id and no secret, as Twitch's device-code logins use. */
    public TokenRefresh withPublicClient(String id) {
        return new TokenRefresh(id.trim(), null, minMargin, firstRetry, attempts);
    }

    /** How long after a token was issued (or found valid) with {@code lifetime} left to refresh it. */
    public Duration refreshAfter(Duration lifetime) {
        Duration margin = max(lifetime.dividedBy(5), minMargin);
        return max(lifetime.minus(margin), lifetime.dividedBy(2));
    }

    /** The wait before retry number {@code failures} (1 after the first failure). */
    public Duration retryDelay(int failures) {
        return firstRetry.multipliedBy(1L << Math.min(failures - 1, 20));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        // the record's own form would print the client id; the secret is a Secret and prints redacted anyway
        return "TokenRefresh[client=" + (hasClient() ? "set" : "none") + ", minMargin=" + minMargin
                + ", firstRetry=" + firstRetry + ", attempts=" + attempts + "]";
    }
}
