package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.domain.TwitchScopes;
import com.github.twitch4j.auth.providers.TwitchIdentityProvider;
import java.util.Optional;

/** Asks the validate endpoint about a token before chat is given it. */
final class TokenValidator {
    private final TwitchIdentityProvider provider;

    TokenValidator(TwitchIdentityProvider provider) {
        this.provider = provider;
    }

    TokenCheck check(OAuth2Credential credential) {
        Optional<OAuth2Credential> account = provider.getAdditionalCredentialInformation(credential);
        if (account.isEmpty()) {
            // that call folds "refused" and "unreachable" into one; this one tells them apart
            boolean refused = provider.isCredentialValid(credential).map(valid -> !valid).orElse(false);
            return refused
                    ? TokenCheck.of(TokenCheck.Verdict.REJECTED)
                    : TokenCheck.of(TokenCheck.Verdict.UNKNOWN);
        }
        OAuth2Credential info = account.get();
        if (info.getScopes() == null || !info.getScopes().contains(TwitchScopes.CHAT_READ.toString())) {
            return new TokenCheck(TokenCheck.Verdict.NO_CHAT_READ, info);
        }
        return new TokenCheck(TokenCheck.Verdict.VALID, info);
    }

    /** False only when Twitch positively refused the token; true when it accepted it or did not answer. */
    boolean stillValid(OAuth2Credential credential) {
        return provider.isCredentialValid(credential).orElse(Boolean.TRUE);
    }
}
