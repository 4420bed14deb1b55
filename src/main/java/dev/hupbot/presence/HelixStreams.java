package dev.hupbot.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The three Helix calls presence needs: {@code GET /streams} (who is live), {@code GET /users}
 * (a channel's broadcaster id) and {@code POST /eventsub/subscriptions}. Every answer is read
 * through {@link CappedBody}; logins go 100 to a request, Helix's maximum.
 */
final class HelixStreams {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int PER_REQUEST = 100;

    private final HttpClient http;
    private final String helixUrl;

    HelixStreams(HttpClient http, String helixUrl) {
        this.http = http;
        this.helixUrl = helixUrl;
    }

    /** Which of {@code logins} stream now. */
    Set<String> live(HelixAuth auth, Collection<String> logins) {
        Set<String> live = new HashSet<>();
        for (List<String> batch : batches(logins)) {
            JsonNode body = get(auth, "/streams?first=100&" + query("user_login", batch), "check which streams are live");
            for (JsonNode stream : body.path("data")) {
                if ("live".equals(stream.path("type").asText("live"))) {
                    live.add(stream.path("user_login").asText("").toLowerCase(Locale.ROOT));
                }
            }
        }
        return live;
    }

    /** Broadcaster ids by login; a login Twitch does not know is missing. */
    Map<String, String> userIds(HelixAuth auth, Collection<String> logins) {
        Map<String, String> ids = new HashMap<>();
        for (List<String> batch : batches(logins)) {
            JsonNode body = get(auth, "/users?" + query("login", batch), "look up the channels' user ids");
            for (JsonNode user : body.path("data")) {
                ids.put(user.path("login").asText("").toLowerCase(Locale.ROOT), user.path("id").asText(""));
            }
        }
        return ids;
    }

    /** Subscribes the EventSub session {@code sessionId} to {@code type} of {@code broadcasterId}. */
    void subscribe(HelixAuth auth, String type, String broadcasterId, String sessionId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("version", "1");
        body.putObject("condition").put("broadcaster_user_id", broadcasterId);
        ObjectNode transport = body.putObject("transport");
        transport.put("method", "websocket");
        transport.put("session_id", sessionId);
        HttpRequest request = request(auth, "/eventsub/subscriptions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request, "subscribe to " + type);
        // 409: the same subscription exists already (a reconnect keeps them)
        if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
            throw new PresenceException("Twitch refused the EventSub subscription " + type + " (HTTP "
                    + response.statusCode() + "); check the token of bot " + auth.bot() + " and TWITCH_CLIENT_ID");
        }
    }

    private JsonNode get(HelixAuth auth, String pathAndQuery, String what) {
        HttpResponse<String> response = send(request(auth, pathAndQuery).GET().build(), what);
        if (response.statusCode() != 200) {
            throw new PresenceException("could not " + what + ": Helix answered HTTP " + response.statusCode()
                    + "; check the token of bot " + auth.bot() + " and --twitch-helix-url");
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PresenceException("could not " + what + ": Helix answered no JSON; check --twitch-helix-url");
        }
    }

    private HttpRequest.Builder request(HelixAuth auth, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(helixUrl + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bare(auth))
                .header("Client-Id", auth.clientId());
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return CappedBody.send(http, request, CappedBody.ofString("Twitch Helix endpoint", request.uri(),
                    "--twitch-helix-url"), TIMEOUT);
        } catch (BodyTooLargeException e) {
            throw new PresenceException(e.getMessage());
        } catch (IOException e) {
            throw new PresenceException("could not " + what + ": " + e.getClass().getSimpleName()
                    + "; check --twitch-helix-url");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresenceException("interrupted while trying to " + what);
        }
    }

    private static String bare(HelixAuth auth) {
        String value = auth.token().reveal().strip();
        return value.toLowerCase(Locale.ROOT).startsWith("oauth:") ? value.substring("oauth:".length()) : value;
    }

    private static String query(String name, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private static List<List<String>> batches(Collection<String> logins) {
        List<String> all = new ArrayList<>(logins);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += PER_REQUEST) {
            batches.add(all.subList(i, Math.min(all.size(), i + PER_REQUEST)));
        }
        return batches;
    }
}
