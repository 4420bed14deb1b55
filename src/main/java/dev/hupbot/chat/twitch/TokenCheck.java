package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import org.jspecify.annotations.Nullable;

/**
 * What Twitch's validate endpoint said about a token.
 *
 * @param account the token's account, user id and scopes when Twitch accepted it
 */
record TokenCheck(Verdict verdict, @Nullable OAuth2Credential account) {
    enum Verdict {
        /** Twitch accepted the token; {@code account} says whose it is. */
        VALID,
        /** Twitch answered 4xx: invalid, expired or revoked. */
        REJECTED,
        /** Valid, but without chat:read, so twitch4j would silently join anonymously. */
        NO_CHAT_READ,
        /** No answer (network, 5xx): decide nothing, let chat try. */
        UNKNOWN
    }

    static TokenCheck of(Verdict verdict) {
        return new TokenCheck(verdict, null);
    }
}
