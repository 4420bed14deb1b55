package dev.hupbot.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * Twitch's stream presence, faked beside a {@link FakeTwitchServer} (whose tokens and ids it
 * uses): Helix {@code GET /users}, {@code GET /streams} and {@code POST /eventsub/subscriptions}
 * (Bearer token and Client-Id checked), and an EventSub WebSocket that sends {@code
 * session_welcome}, {@code session_keepalive}, {@code notification} and {@code
 * session_reconnect}. {@link #setLive} is the control call: it flips a channel and notifies every
 * session subscribed to it, recording when.
 */
public final class FakeEventSub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification sent: which channel went which way, when ({@link System#nanoTime}). */
    public record Sent(String channel, boolean live, long atNanos) {}

    private record Subscription(String type, String broadcasterId, String sessionId) {}

    private final FakeTwitchServer twitch;
    private final LoopbackHttp helix;
    private final Socket socket;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<WebSocket, String> sessionIds = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamChecks = new AtomicInteger();
    private final AtomicInteger welcomes = new AtomicInteger();
    private volatile int keepaliveSeconds = 10;
    private volatile boolean keepalives = true;
    private final java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-eventsub-keepalive");
        t.setDaemon(true);
        return t;
    });

    private FakeEventSub(FakeTwitchServer twitch) {
        this.twitch = twitch;
        this.helix = new LoopbackHttp("fake-eventsub-helix", Map.of(
                "/helix/users", this::users,
                "/helix/streams", this::streams,
                "/helix/eventsub/subscriptions", this::subscribe));
        this.socket = new Socket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.startAndWait();
        // Twitch sends session_keepalive when nothing else went out for a while; once a second is enough here
        ticker.scheduleWithFixedDelay(() -> {
            if (keepalives) {
                sessionIds.keySet().stream().filter(WebSocket::isOpen)
                        .forEach(s -> {
                            ObjectNode keepalive = message("session_keepalive", null);
                            keepalive.putObject("payload");
                            s.send(keepalive.toString());
                        });
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops (false) or resumes sending session_keepalive: a silent session, which the client must drop. */
    public void keepalives(boolean on) {
        keepalives = on;
    }

    public static FakeEventSub start(FakeTwitchServer twitch) {
        return new FakeEventSub(twitch);
    }

    /** For {@code --twitch-helix-url}. */
    public String helixUrl() {
        return helix.url("/helix");
    }

    /** For {@code --twitch-eventsub-url}. */
    public String eventSubUrl() {
        return "ws://127.0.0.1:" + socket.getPort() + "/ws";
    }

    /** The {@code keepalive_timeout_seconds} later welcomes announce. */
    public void keepaliveSeconds(int seconds) {
        keepaliveSeconds = seconds;
    }

    /**
     * The control call: {@code channel}'s stream goes live or offline. Every session subscribed
     * to it gets {@code stream.online} / {@code stream.offline}; returns how many did.
     */
    public int setLive(String channel, boolean isLive) {
        return setLive(channel, isLive, true);
    }

    /** The stream changes but no notification goes out (one EventSub missed): only a Helix check sees it. */
    public void setLiveQuietly(String channel, boolean isLive) {
        setLive(channel, isLive, false);
    }

    private int setLive(String channel, boolean isLive, boolean notify) {
        String ch = channel.toLowerCase(Locale.ROOT);
        if (isLive) {
            live.add(ch);
        } else {
            live.remove(ch);
        }
        String type = isLive ? "stream.online" : "stream.offline";
        String id = twitch.roomId(ch);
        int reached = 0;
        long at = System.nanoTime();
        for (Map.Entry<WebSocket, String> session : sessionIds.entrySet()) {
            boolean subscribed = subscriptions.stream().anyMatch(s -> s.type().equals(type)
                    && s.broadcasterId().equals(id) && s.sessionId().equals(session.getValue()));
            if (notify && subscribed && session.getKey().isOpen()) {
                session.getKey().send(notification(type, ch, id, session.getValue()));
                reached++;
            }
        }
        sent.add(new Sent(ch, isLive, at));
        return reached;
    }

    /** Asks every open session to move (session_reconnect) to a new session on this server. */
    public void askToReconnect() {
        for (Map.Entry<WebSocket, String> session : sessionIds.entrySet()) {
            ObjectNode message = message("session_reconnect", null);
            message.putObject("payload").putObject("session").put("id", session.getValue()).put("status", "reconnecting")
                    .put("reconnect_url", eventSubUrl() + "?reconnect=" + UUID.randomUUID());
            session.getKey().send(message.toString());
        }
    }

    /** Drops every EventSub socket without a word, as a network failure would. */
    public void dropSessions() {
        sessionIds.keySet().forEach(WebSocket::close);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** How many stream.online/offline subscriptions exist, over all sessions. */
    public int subscriptions() {
        return subscriptions.size();
    }

    public int openSessions() {
        return (int) sessionIds.keySet().stream().filter(WebSocket::isOpen).count();
    }

    public int welcomes() {
        return welcomes.get();
    }

    /** How many {@code GET /streams} calls came in. */
    public int streamChecks() {
        return streamChecks.get();
    }

    private String notification(String type, String channel, String id, String sessionId) {
        ObjectNode message = message("notification", type);
        ObjectNode payload = message.putObject("payload");
        payload.putObject("subscription").put("id", UUID.randomUUID().toString()).put("type", type).put("version", "1")
                .put("status", "enabled").putObject("transport").put("method", "websocket").put("session_id", sessionId);
        ObjectNode event = payload.putObject("event")
                .put("broadcaster_user_id", id)
                .put("broadcaster_user_login", channel)
                .put("broadcaster_user_name", channel);
        if (type.equals("stream.online")) {
            event.put("id", UUID.randomUUID().toString()).put("type", "live").put("started_at", Instant.now().toString());
        }
        return message.toString();
    }

    private static ObjectNode message(String type, @Nullable String subscriptionType) {
        ObjectNode message = JSON.createObjectNode();
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("message_id", UUID.randomUUID().toString());
        metadata.put("message_type", type);
        metadata.put("message_timestamp", Instant.now().toString());
        if (subscriptionType != null) {
            metadata.put("subscription_type", subscriptionType).put("subscription_version", "1");
        }
        return message;
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String clientId = exchange.getRequestHeaders().getFirst("Client-Id");
        boolean ok = auth != null && auth.startsWith("Bearer ") && twitch.knows(auth.substring("Bearer ".length()))
                && FakeTwitchServer.CLIENT_ID.equals(clientId);
        if (!ok) {
            LoopbackHttp.respond(exchange, 401, "{\"status\":401,\"message\":\"invalid access token or client id\"}");
        }
        return ok;
    }

    private static List<String> values(HttpExchange exchange, String name) {
        List<String> values = new ArrayList<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
            }
        }
        return values;
    }

    private void users(HttpExchange exchange) {
        try (exchange) {
            if (!authorised(exchange)) {
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            var data = body.putArray("data");
            for (String login : values(exchange, "login")) {
                data.addObject().put("id", twitch.roomId(login)).put("login", login).put("display_name", login);
            }
            LoopbackHttp.respond(exchange, 200, body.toString());
        } catch (IOException e) {
            // client went away
        }
    }

    private void streams(HttpExchange exchange) {
        try (exchange) {
            if (!authorised(exchange)) {
                return;
            }
            streamChecks.incrementAndGet();
            ObjectNode body = JSON.createObjectNode();
            var data = body.putArray("data");
            for (String login : values(exchange, "user_login")) {
                if (live.contains(login)) {
                    data.addObject().put("id", "s" + twitch.roomId(login)).put("user_id", twitch.roomId(login))
                            .put("user_login", login).put("type", "live").put("started_at", Instant.now().toString());
                }
            }
            body.putObject("pagination");
            LoopbackHttp.respond(exchange, 200, body.toString());
        } catch (IOException e) {
            // client went away
        }
    }

    private void subscribe(HttpExchange exchange) {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                LoopbackHttp.respond(exchange, 405, "{\"status\":405,\"message\":\"method not allowed\"}");
                return;
            }
            if (!authorised(exchange)) {
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String type = request.path("type").asText("");
            String broadcaster = request.path("condition").path("broadcaster_user_id").asText("");
            String session = request.path("transport").path("session_id").asText("");
            if (!request.path("transport").path("method").asText("").equals("websocket")
                    || !sessionIds.containsValue(session)
                    || !(type.equals("stream.online") || type.equals("stream.offline"))) {
                LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"bad subscription\"}");
                return;
            }
            subscriptions.add(new Subscription(type, broadcaster, session));
            ObjectNode body = JSON.createObjectNode();
            body.putArray("data").addObject().put("id", UUID.randomUUID().toString()).put("status", "enabled")
                    .put("type", type).put("version", "1");
            LoopbackHttp.respond(exchange, 202, body.toString());
        } catch (IOException e) {
            // client went away
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        helix.close();
        try {
            socket.stop(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Socket extends WebSocketServer {
        private final CountDownLatch started = new CountDownLatch(1);

        Socket(InetSocketAddress address) {
            super(address);
            setDaemon(true);
            setReuseAddr(true);
            setConnectionLostTimeout(0);
        }

        void startAndWait() {
            start();
            try {
                if (!started.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("fake EventSub did not start");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the fake EventSub", e);
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String id = "session-" + UUID.randomUUID();
            String old = null;
            String query = handshake.getResourceDescriptor();
            if (query.contains("reconnect=")) {
                // a reconnect keeps the subscriptions of the session it replaces: move them all
                old = "moved";
            }
            sessionIds.put(conn, id);
            if (old != null) {
                List<Subscription> moved = new ArrayList<>();
                for (Subscription s : subscriptions) {
                    moved.add(new Subscription(s.type(), s.broadcasterId(), id));
                }
                subscriptions.clear();
                subscriptions.addAll(moved);
            }
            ObjectNode welcome = message("session_welcome", null);
            welcome.putObject("payload").putObject("session").put("id", id).put("status", "connected")
                    .put("keepalive_timeout_seconds", keepaliveSeconds).putNull("reconnect_url")
                    .put("connected_at", Instant.now().toString());
            welcomes.incrementAndGet();
            conn.send(welcome.toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            String id = sessionIds.remove(conn);
            if (id != null) {
                subscriptions.removeIf(s -> s.sessionId().equals(id));
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            // clients send nothing on EventSub
        }

        @Override
        public void onError(@Nullable WebSocket conn, Exception ex) {
            started.countDown();
        }
    }
}
