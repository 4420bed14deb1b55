package dev.hupbot.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.config.Secret;
import dev.hupbot.net.BodyTooLargeException;
import dev.hupbot.net.CappedBody;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Twitch's OAuth endpoints for a public client (a client id, no secret), below one base URL
 * ({@code --twitch-auth-url}): {@code /device}, {@code /token}, {@code /validate}, {@code /revoke}.
 * Every answer is read through the project's 1 MiB cap ({@link CappedBody}); no message here carries a token or text the server
 * sent back, only the endpoint and the status.
 */
public final class TwitchOAuth {
    public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one poll of the device-code grant gave. */
    public record DevicePoll(Kind kind, @Nullable OAuthTokens tokens) {
        public enum Kind { GRANTED, PENDING, SLOW_DOWN, EXPIRED, DENIED }
    }

    private record Answer(int status, String body) {}

    private final String base;
    private final HttpClient http;

    public TwitchOAuth(String authUrl) {
        String url = authUrl.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.base = url;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public String baseUrl() {
        return base;
    }

    /** Starts a device login for {@code scopes}. */
    public DeviceCode device(String clientId, List<String> scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("scopes", String.join(" ", scopes));
        Answer answer = post("/device", form);
        if (answer.status() != 200) {
            throw new AuthTrouble(answer.status(), base + "/device answered HTTP " + answer.status()
                    + (answer.status() == 400 ? " (is TWITCH_CLIENT_ID the client id of a public Twitch application?)" : ""));
        }
        JsonNode json = parse("/device", answer.body());
        String deviceCode = json.path("device_code").asText("");
        String userCode = json.path("user_code").asText("");
        String uri = json.path("verification_uri").asText("");
        if (deviceCode.isBlank() || userCode.isBlank() || uri.isBlank()) {
            throw new AuthTrouble(answer.status(), "the answer from " + base + "/device lacks device_code, user_code or verification_uri");
        }
        long expires = json.path("expires_in").asLong(1800);
        long interval = json.path("interval").asLong(5);
        return new DeviceCode(Secret.of(deviceCode), userCode, uri, Duration.ofSeconds(Math.max(1, expires)),
                Duration.ofSeconds(Math.max(1, Math.min(interval, 60))));
    }

    /** One poll of {@code /token} for a device code. */
    public DevicePoll poll(String clientId, DeviceCode code, List<String> scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("scopes", String.join(" ", scopes));
        form.put("device_code", code.deviceCode().reveal());
        form.put("grant_type", DEVICE_GRANT);
        Answer answer = post("/token", form);
        if (answer.status() == 200) {
            return new DevicePoll(DevicePoll.Kind.GRANTED, tokens("/token", answer.body()));
        }
        if (answer.status() >= 400 && answer.status() < 500) {
            String error = errorOf(answer.body());
            switch (error) {
                case "authorization_pending":
                    return new DevicePoll(DevicePoll.Kind.PENDING, null);
                case "slow_down":
                    return new DevicePoll(DevicePoll.Kind.SLOW_DOWN, null);
                case "expired_token":
                case "invalid device code":
                    return new DevicePoll(DevicePoll.Kind.EXPIRED, null);
                case "access_denied":
                    return new DevicePoll(DevicePoll.Kind.DENIED, null);
                default:
                    break;
            }
        }
        throw new AuthTrouble(answer.status(), base + "/token answered HTTP " + answer.status() + " to the device code");
    }

    /** Trades a refresh token for new tokens; a refused one (spent, revoked) is an {@link AuthTrouble} with a 4xx. */
    public OAuthTokens refresh(String clientId, Secret refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        Answer answer = post("/token", form);
        if (answer.status() != 200) {
            throw new AuthTrouble(answer.status(), base + "/token answered HTTP " + answer.status() + " to the refresh token");
        }
        return tokens("/token", answer.body());
    }

    /** Asks {@code /validate} about {@code token}; never throws. */
    public TokenValidation validate(Secret token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/validate"))
                .timeout(ANSWER_TIMEOUT)
                .header("Authorization", "OAuth " + token.reveal())
                .header("Accept", "application/json")
                .GET()
                .build();
        Answer answer;
        try {
            answer = send(request, "/validate");
        } catch (AuthTrouble e) {
            return TokenValidation.of(TokenValidation.Verdict.UNKNOWN);
        }
        if (answer.status() == 401) {
            return TokenValidation.of(TokenValidation.Verdict.INVALID);
        }
        if (answer.status() != 200) {
            return TokenValidation.of(TokenValidation.Verdict.UNKNOWN);
        }
        JsonNode json;
        try {
            json = parse("/validate", answer.body());
        } catch (AuthTrouble e) {
            return TokenValidation.of(TokenValidation.Verdict.UNKNOWN);
        }
        List<String> scopes = new ArrayList<>();
        json.path("scopes").forEach(s -> scopes.add(s.asText()));
        return new TokenValidation(TokenValidation.Verdict.VALID, json.path("login").asText("").toLowerCase(Locale.ROOT),
                json.path("user_id").asText(""), scopes, Duration.ofSeconds(Math.max(0, json.path("expires_in").asLong(0))));
    }

    /** Revokes {@code token} (access or refresh); true when Twitch took it or already did not know it. */
    public boolean revoke(String clientId, Secret token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("token", token.reveal());
        Answer answer = post("/revoke", form);
        // Twitch answers 400 "Invalid token" for a token it no longer knows: gone either way
        return answer.status() == 200 || answer.status() == 400;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private Answer post(String path, Map<String, String> form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        return send(request, path);
    }

    private Answer send(HttpRequest request, String path) {
        try {
            HttpResponse<String> response = CappedBody.send(http, request,
                    CappedBody.ofString("Twitch OAuth endpoint", request.uri(), "--twitch-auth-url"), ANSWER_TIMEOUT);
            return new Answer(response.statusCode(), response.body());
        } catch (BodyTooLargeException e) {
            throw new AuthTrouble(0, e.getMessage());
        } catch (IOException e) {
            throw new AuthTrouble(0, "no answer from " + base + path + " (" + e.getClass().getSimpleName()
                    + "); check --twitch-auth-url and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthTrouble(0, "interrupted while waiting for " + base + path);
        } catch (IllegalArgumentException e) {
            throw new AuthTrouble(0, "cannot ask " + base + path + ": " + e.getMessage());
        }
    }

    private JsonNode parse(String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AuthTrouble(200, "the answer from " + base + path + " is not JSON");
        }
    }

    private OAuthTokens tokens(String path, String body) {
        JsonNode json = parse(path, body);
        String access = json.path("access_token").asText("");
        if (access.isBlank()) {
            throw new AuthTrouble(200, "the answer from " + base + path + " has no access_token");
        }
        String refresh = json.path("refresh_token").asText("");
        List<String> scopes = new ArrayList<>();
        json.path("scope").forEach(s -> scopes.add(s.asText()));
        return new OAuthTokens(Secret.of(access), refresh.isBlank() ? null : Secret.of(refresh),
                Duration.ofSeconds(Math.max(0, json.path("expires_in").asLong(0))), scopes);
    }

    /** Twitch says what went wrong in {@code message}; standard OAuth servers in {@code error}. */
    private static String errorOf(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String error = json.path("error").asText("");
            String message = json.path("message").asText("");
            for (String candidate : List.of(message, error)) {
                String c = candidate.trim().toLowerCase(Locale.ROOT);
                if (List.of("authorization_pending", "slow_down", "expired_token", "invalid device code", "access_denied").contains(c)) {
                    return c;
                }
            }
            return error.isBlank() ? message : error;
        } catch (IOException e) {
            return "";
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
