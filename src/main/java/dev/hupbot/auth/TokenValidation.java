package dev.hupbot.auth;

import java.time.Duration;
import java.util.List;

/**
 * What {@code /validate} said about a token.
 *
 * @param login the account's login, lower case ("" unless VALID)
 * @param expiresIn time left; zero when it does not expire or Twitch did not say
 */
public record TokenValidation(Verdict verdict, String login, String userId, List<String> scopes, Duration expiresIn) {
    public enum Verdict {
        VALID,
        /** 401: invalid, expired or revoked. */
        INVALID,
        /** No answer or a 5xx: nothing is known. */
        UNKNOWN
    }

    public TokenValidation {
        scopes = List.copyOf(scopes);
    }

    static TokenValidation of(Verdict verdict) {
        return new TokenValidation(verdict, "", "", List.of(), Duration.ZERO);
    }
}
