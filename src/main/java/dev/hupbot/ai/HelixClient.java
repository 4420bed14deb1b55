package dev.hupbot.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two Twitch calls the moderator makes: who its token belongs to ({@code GET
 * {auth_url}/validate}, cached per token) and a timeout ({@code POST
 * {helix_url}/moderation/bans}). JDK HTTP only; every answer is read through {@link CappedBody}.
 */
public final class HelixClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** For the connect, the headers and the whole exchange alike. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final TwitchApi api;
    private final Map<Secret, TokenIdentity> identities = new ConcurrentHashMap<>();

    public HelixClient(HttpClient http, TwitchApi api) {
        this.http = http;
        this.api = api;
    }

    public static HelixClient create(TwitchApi api) {
        return new HelixClient(LlmClient.defaultHttpClient(), api);
    }

    /** The token's client id, login and user id; asked once per token. */
    public TokenIdentity identity(String bot, Secret token) {
        TokenIdentity known = identities.get(token);
        if (known != null) {
            return known;
        }
        HttpRequest request = HttpRequest.newBuilder(uri(api.authUrl() + "/validate"))
                .timeout(TIMEOUT)
                .header("Authorization", "OAuth " + bare(token))
                .GET()
                .build();
        HttpResponse<String> response = send(request, "validate the token of bot " + bot, "Twitch auth endpoint",
                "--twitch-auth-url");
        if (response.statusCode() != 200) {
            throw new HelixException("Twitch did not accept the token of bot " + bot + " (HTTP " + response.statusCode()
                    + " from " + UrlRedactor.redact(api.authUrl() + "/validate", List.of(token)) + "): renew the token" + detail(response, token));
        }
        JsonNode body = readTree(response.body());
        TokenIdentity identity = new TokenIdentity(body.path("client_id").asText(""), body.path("login").asText(""),
                body.path("user_id").asText(""));
        if (identity.clientId().isEmpty() || identity.userId().isEmpty()) {
            throw new HelixException("the token check of bot " + bot + " answered without client_id or user_id");
        }
        identities.put(token, identity);
        return identity;
    }

    /**
     * Times {@code userId} out in the channel {@code broadcasterId} as the token's owner.
     *
     * @throws HelixException when Twitch refuses (the bot is not a moderator there, the token
     *     expired, the user is already banned...) or cannot be reached
     */
    public void timeout(String bot, Secret token, String broadcasterId, String userId, long seconds, String reason) {
        TokenIdentity me = identity(bot, token);
        ObjectNode body = JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        data.put("user_id", userId);
        data.put("duration", seconds);
        data.put("reason", reason);
        HttpRequest request = HttpRequest.newBuilder(uri(api.helixUrl() + "/moderation/bans?broadcaster_id="
                        + query(broadcasterId) + "&moderator_id=" + query(me.userId())))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bare(token))
                .header("Client-Id", me.clientId())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request, "time out user " + userId, "Twitch Helix endpoint",
                "--twitch-helix-url");
        if (response.statusCode() == 401) {
            identities.remove(token);
        }
        if (response.statusCode() / 100 != 2) {
            throw new HelixException("Twitch refused the timeout (HTTP " + response.statusCode() + ")"
                    + detail(response, token));
        }
    }

    private HttpResponse<String> send(HttpRequest request, String what, String endpoint, String fix) {
        try {
            return CappedBody.send(http, request, CappedBody.ofString(endpoint, request.uri(), fix), TIMEOUT);
        } catch (BodyTooLargeException e) {
            throw new HelixException(e.getMessage());
        } catch (IOException e) {
            throw new HelixException("could not " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelixException("interrupted while trying to " + what);
        }
    }

    /** Config tokens may carry IRC's {@code oauth:} prefix; the HTTP APIs want the bare token. */
    static String bare(Secret token) {
        String value = token.reveal().strip();
        return value.toLowerCase(Locale.ROOT).startsWith("oauth:") ? value.substring("oauth:".length()) : value;
    }

    private static String detail(HttpResponse<String> response, Secret token) {
        String message;
        try {
            message = JSON.readTree(response.body()).path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        if (message.isEmpty()) {
            return "";
        }
        String secret = bare(token);
        String safe = (secret.isEmpty() ? message : message.replace(secret, "***")).replaceAll("\\s+", " ");
        return ": " + (safe.length() > 200 ? safe.substring(0, 200) + "..." : safe);
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new HelixException("Twitch answered with a body that is not JSON");
        }
    }

    private static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new HelixException("not a usable Twitch URL: " + UrlRedactor.redact(text));
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
