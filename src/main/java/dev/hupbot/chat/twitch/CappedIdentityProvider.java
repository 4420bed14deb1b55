package dev.hupbot.chat.twitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.providers.TwitchIdentityProvider;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.net.BodyTooLargeException;
import dev.hupbot.net.CappedBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * twitch4j's Twitch identity provider, with its two token checks ({@code GET {authUrl}/validate})
 * made over the JDK client and read through {@link CappedBody}: twitch4j's own reads the whole
 * answer into memory, whatever its size, on the chat client's build and on every check. Same
 * answers as twitch4j's: valid on 2xx, refused on 4xx, unknown otherwise.
 *
 * <p>The provider's other calls (refresh, revoke) are refused here: hupbot refreshes through
 * {@link HttpTokenEndpoint}, and twitch4j's chat makes neither.
 */
final class CappedIdentityProvider extends TwitchIdentityProvider {
    private static final Logger log = LoggerFactory.getLogger(CappedIdentityProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** For the headers and the whole exchange alike. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private final URI validateUrl;
    private final HttpClient jdkHttp;

    CappedIdentityProvider(String authUrl) {
        super(null, null, null, authUrl);
        this.validateUrl = URI.create(authUrl + "/validate");
        this.jdkHttp = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public Optional<Boolean> isCredentialValid(@Nullable OAuth2Credential credential) {
        if (credential == null || credential.getAccessToken() == null || credential.getAccessToken().isEmpty()) {
            return Optional.of(false);
        }
        HttpResponse<String> response = validate(credential);
        if (response == null) {
            return Optional.empty();
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return Optional.of(true);
        }
        return status >= 400 && status < 500 ? Optional.of(false) : Optional.empty();
    }

    @Override
    public Optional<OAuth2Credential> getAdditionalCredentialInformation(OAuth2Credential credential) {
        HttpResponse<String> response = validate(credential);
        if (response == null || response.statusCode() / 100 != 2) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> scopes = new ArrayList<>(); // mutable: updateCredential clears it
        body.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        JsonNode expiresIn = body.path("expires_in");
        OAuth2Credential account = new OAuth2Credential(credential.getIdentityProvider(), credential.getAccessToken(),
                credential.getRefreshToken(), body.path("user_id").asText(null), body.path("login").asText(null),
                expiresIn.canConvertToInt() ? expiresIn.asInt() : null, scopes);
        account.getContext().put("client_id", body.path("client_id").asText(null));
        return Optional.of(account);
    }

    @Override
    public Optional<OAuth2Credential> refreshCredential(OAuth2Credential credential) {
        return Optional.empty();
    }

    @Override
    public boolean revokeCredential(OAuth2Credential credential) {
        return false;
    }

    /** The validate answer, or null when there is none to go by (unreachable, too large, timed out). */
    private @Nullable HttpResponse<String> validate(OAuth2Credential credential) {
        HttpRequest request = HttpRequest.newBuilder(validateUrl)
                .timeout(ANSWER_TIMEOUT)
                .header("Authorization", "OAuth " + credential.getAccessToken())
                .GET()
                .build();
        try {
            return CappedBody.send(jdkHttp, request,
                    CappedBody.ofString("Twitch auth endpoint", validateUrl, "--twitch-auth-url"), ANSWER_TIMEOUT);
        } catch (BodyTooLargeException e) {
            log.warn("token check failed: {}", LogSafe.text(e.getMessage()));
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
