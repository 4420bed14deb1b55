package dev.hupbot.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A fake Twitch on 127.0.0.1 (random port) for the moderator: {@code GET /oauth2/validate}
 * answers for the accounts registered with {@link #account}, and {@code POST
 * /helix/moderation/bans} records each timeout, checking the Bearer token, the Client-Id and the
 * moderator id as Twitch does.
 *
 * <pre>{@code
 * try (FakeHelixServer twitch = FakeHelixServer.start()) {
 *     twitch.account("warden-token", "client-1", "chat_warden", "9001");
 *     // --twitch-helix-url twitch.helixUrl()  --twitch-auth-url twitch.authUrl()
 * }
 * }</pre>
 */
public final class FakeHelixServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded timeout request, as Twitch would have received it. */
    public record Timeout(String broadcasterId, String moderatorId, String userId, long duration, String reason,
            String authorization, String clientId) {}

    private record Account(String token, String clientId, String login, String userId) {}

    private final LoopbackHttp server;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final List<Timeout> timeouts = new CopyOnWriteArrayList<>();
    private final AtomicInteger validations = new AtomicInteger();
    private volatile int refuseStatus;
    private volatile String refuseMessage = "";
    private volatile long oversizedBans;
    private final AtomicLong oversizedSent = new AtomicLong();

    private FakeHelixServer() {
        server = new LoopbackHttp("fake-helix", Map.of("/oauth2/validate", this::validate, "/helix/moderation/bans", this::ban));
    }

    public static FakeHelixServer start() {
        return new FakeHelixServer();
    }

    /** For {@code --twitch-helix-url}. */
    public String helixUrl() {
        return server.url("/helix");
    }

    /** For {@code --twitch-auth-url}. */
    public String authUrl() {
        return server.url("/oauth2");
    }

    /** A token this Twitch accepts (without any {@code oauth:} prefix), and who it belongs to. */
    public FakeHelixServer account(String token, String clientId, String login, String userId) {
        accounts.put(token, new Account(token, clientId, login, userId));
        return this;
    }

    /** From now on every ban request is refused with that status and message (0 to accept again). */
    public FakeHelixServer refuseBans(int status, String message) {
        refuseStatus = status;
        refuseMessage = message;
        return this;
    }

    /**
     * From now on every accepted ban request is answered 200 with a body of {@code bytes} bytes,
     * streamed as it is made up, and recorded in no {@link #timeouts}; 0 to answer normally again.
     */
    public FakeHelixServer oversizeBans(long bytes) {
        oversizedBans = bytes;
        return this;
    }

    /** How many bytes of oversized answers clients took before hanging up, in all. */
    public long oversizedBytesSent() {
        return oversizedSent.get();
    }

    public List<Timeout> timeouts() {
        return List.copyOf(timeouts);
    }

    /** How many token checks were asked for. */
    public int validations() {
        return validations.get();
    }

    private void validate(HttpExchange exchange) {
        try {
            validations.incrementAndGet();
            Account account = accountFrom(exchange.getRequestHeaders().getFirst("Authorization"), "OAuth ");
            if (account == null) {
                LoopbackHttp.respond(exchange, 401, "{\"status\":401,\"message\":\"invalid access token\"}");
                return;
            }
            ObjectNode body = JSON.createObjectNode()
                    .put("client_id", account.clientId())
                    .put("login", account.login())
                    .put("user_id", account.userId())
                    .put("expires_in", 5_000_000);
            body.putArray("scopes").add("moderator:manage:banned_users").add("chat:read").add("chat:edit");
            LoopbackHttp.respond(exchange, 200, body.toString());
        } catch (IOException e) {
            // client went away
        } finally {
            exchange.close();
        }
    }

    private void ban(HttpExchange exchange) {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = header(exchange, "Authorization");
            String clientId = header(exchange, "Client-Id");
            Map<String, String> query = LoopbackHttp.form(exchange.getRequestURI().getRawQuery());
            Account account = accountFrom(authorization, "Bearer ");
            if (!exchange.getRequestMethod().equals("POST")) {
                LoopbackHttp.respond(exchange, 405, "{\"status\":405,\"message\":\"method not allowed\"}");
                return;
            }
            if (account == null || !account.clientId().equals(clientId)) {
                LoopbackHttp.respond(exchange, 401, "{\"status\":401,\"message\":\"invalid access token or client id\"}");
                return;
            }
            if (!account.userId().equals(query.get("moderator_id")) || !query.containsKey("broadcaster_id")) {
                LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"moderator_id must match the token's user\"}");
                return;
            }
            if (refuseStatus != 0) {
                LoopbackHttp.respond(exchange, refuseStatus, JSON.createObjectNode().put("status", refuseStatus)
                        .put("message", refuseMessage).toString());
                return;
            }
            long oversized = oversizedBans;
            if (oversized > 0) {
                oversizedSent.addAndGet(LoopbackHttp.streamOversized(exchange, "{\"data\":[{\"user_id\":\"", oversized));
                return;
            }
            JsonNode data = JSON.readTree(body).path("data");
            Timeout timeout = new Timeout(query.get("broadcaster_id"), query.get("moderator_id"),
                    data.path("user_id").asText(""), data.path("duration").asLong(-1), data.path("reason").asText(""),
                    authorization, clientId);
            timeouts.add(timeout);
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("data").addObject()
                    .put("broadcaster_id", timeout.broadcasterId())
                    .put("moderator_id", timeout.moderatorId())
                    .put("user_id", timeout.userId())
                    .put("created_at", "2025-01-01T12:00:00Z")
                    .put("end_time", "2025-01-01T12:01:00Z");
            LoopbackHttp.respond(exchange, 200, answer.toString());
        } catch (IOException e) {
            // client went away
        } finally {
            exchange.close();
        }
    }

    private @Nullable Account accountFrom(@Nullable String header, String scheme) {
        if (header == null || !header.startsWith(scheme)) {
            return null;
        }
        return accounts.get(header.substring(scheme.length()));
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value;
    }

    @Override
    public void close() {
        server.close();
    }
}
