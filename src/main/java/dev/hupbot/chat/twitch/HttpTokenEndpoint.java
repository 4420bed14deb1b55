package dev.hupbot.chat.twitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.config.Secret;
import dev.hupbot.net.BodyTooLargeException;
import dev.hupbot.net.CappedBody;
import dev.hupbot.net.UrlRedactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Twitch's refresh flow over the JDK's HTTP client: {@code POST {authUrl}/token} with the form
 * {@code grant_type=refresh_token&refresh_token=...&client_id=...&client_secret=...}; the answer
 * carries {@code access_token}, {@code refresh_token} and {@code expires_in}. The answer is read
 * through {@link CappedBody}, and {@code ANSWER_TIMEOUT} bounds the whole exchange.
 */
final class HttpTokenEndpoint implements TokenEndpoint {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUrl;
    private final HttpClient http;

    HttpTokenEndpoint(String tokenUrl) {
        this.tokenUrl = URI.create(tokenUrl);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public RefreshedToken refresh(Secret refreshToken, String clientId, @Nullable Secret clientSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret.reveal());
        }
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = CappedBody.send(http, request, CappedBody.ofString("Twitch auth endpoint", tokenUrl,
                    "--twitch-auth-url"), ANSWER_TIMEOUT);
        } catch (BodyTooLargeException e) {
            throw new RefreshFailure(RefreshFailure.NO_ANSWER, e.getMessage());
        } catch (IOException e) {
            throw new RefreshFailure(RefreshFailure.NO_ANSWER, "no answer from " + shown() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefreshFailure(RefreshFailure.NO_ANSWER, "interrupted while waiting for " + shown());
        }
        // Twitch's error bodies are generic; only the status goes into the log, nothing the server echoed
        if (response.statusCode() != 200) {
            throw new RefreshFailure(response.statusCode(), "HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    private RefreshedToken parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new RefreshFailure(RefreshFailure.NO_ANSWER, "the answer from " + shown() + " is not JSON");
        }
        String access = json.path("access_token").asText("");
        if (access.isBlank()) {
            throw new RefreshFailure(RefreshFailure.NO_ANSWER, "the answer from " + shown() + " has no access_token");
        }
        String rotated = json.path("refresh_token").asText("");
        long expiresIn = Math.max(0, json.path("expires_in").asLong(0));
        return new RefreshedToken(Secret.of(access), rotated.isBlank() ? null : Secret.of(rotated),
                Duration.ofSeconds(expiresIn));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The token URL as an error may print it (no user info or query). */
    private String shown() {
        return UrlRedactor.redact(tokenUrl.toString());
    }
}
