package dev.hupbot.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.ai.HelixClient;
import dev.hupbot.ai.TokenIdentity;
import dev.hupbot.chat.LogSafe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness from Twitch. At start and after every EventSub (re)connect a Helix {@code GET
 * /streams} check sets each watched channel; in between, EventSub's {@code stream.online} and
 * {@code stream.offline} notifications move it. A session that says nothing for its keepalive
 * timeout (plus slack) is dropped and connected again; {@code session_reconnect} moves to the
 * given URL and closes the old socket once the new one has welcomed us. While EventSub cannot be
 * reached, Helix is polled every {@link #POLL} instead (said once), and EventSub is tried again.
 * Everything runs on the one {@code scheduler} thread, so the state needs no locks beyond the
 * maps' own.
 */
public final class TwitchLiveness implements Liveness {
    private static final Logger log = LoggerFactory.getLogger(TwitchLiveness.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration POLL = Duration.ofSeconds(60);
    /** Added to the session's keepalive timeout before it counts as dead. */
    static final Duration KEEPALIVE_SLACK = Duration.ofSeconds(5);
    /** A larger EventSub message is dropped: notifications are a few hundred bytes. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final int SEEN_IDS = 1000;
    private static final List<String> TYPES = List.of("stream.online", "stream.offline");

    private final HelixStreams helix;
    private final HelixClient identities;
    private final CrewAuth crew;
    private final URI eventSubUrl;
    private final HttpClient http;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Boolean> state = new ConcurrentHashMap<>();
    private final Map<String, String> broadcasterIds = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    };
    private volatile Set<String> watched = Set.of();
    private final Set<String> subscribed = new HashSet<>();
    private @Nullable Session session;
    private boolean polling;
    private boolean saidPolling;
    private boolean closed;

    /** One WebSocket and what it told us. */
    private final class Session implements WebSocket.Listener {
        final URI url;
        @Nullable WebSocket socket;
        @Nullable String id;
        Duration keepalive = Duration.ofSeconds(10);
        volatile Instant lastMessage;
        final StringBuilder partial = new StringBuilder();
        /** The session this one replaces after a session_reconnect; closed on our welcome. */
        @Nullable Session replacing;

        Session(URI url) {
            this.url = url;
            this.lastMessage = clock.instant();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() <= MAX_MESSAGE_CHARS) {
                partial.append(data);
            } else {
                partial.setLength(MAX_MESSAGE_CHARS + 1); // marks it too large; dropped when it ends
            }
            if (last) {
                String text = partial.length() > MAX_MESSAGE_CHARS ? "" : partial.toString();
                partial.setLength(0);
                lastMessage = clock.instant();
                if (!text.isEmpty()) {
                    run(() -> onMessage(this, text));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            run(() -> lost(this, "closed (" + statusCode + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            run(() -> lost(this, error.getClass().getSimpleName()));
        }
    }

    public TwitchLiveness(HttpClient http, String helixUrl, HelixClient identities, CrewAuth crew, URI eventSubUrl,
            Clock clock, ScheduledExecutorService scheduler) {
        this.http = http;
        this.helix = new HelixStreams(http, helixUrl);
        this.identities = identities;
        this.crew = crew;
        this.eventSubUrl = eventSubUrl;
        this.clock = clock;
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(this::watchdog, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public boolean isLive(String channel) {
        return Boolean.TRUE.equals(state.get(channel));
    }

    @Override
    public void onChange(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public Map<String, Boolean> known() {
        Map<String, Boolean> out = new TreeMap<>();
        for (String channel : watched) {
            out.put(channel, isLive(channel));
        }
        return out;
    }

    @Override
    public void watch(Set<String> channels) {
        Set<String> next = Set.copyOf(channels);
        run(() -> {
            Set<String> added = new HashSet<>(next);
            added.removeAll(watched);
            watched = next;
            if (next.isEmpty() || closed) {
                return;
            }
            if (session == null && !polling) {
                connect(eventSubUrl, null);
            } else if (!added.isEmpty()) {
                Session current = session;
                if (current != null && current.id != null) {
                    subscribeAll(current);
                }
                check();
            }
        });
    }

    private void connect(URI url, @Nullable Session replacing) {
        Session next = new Session(url);
        next.replacing = replacing;
        if (replacing == null) {
            session = next;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, next)
                .whenComplete((socket, error) -> run(() -> {
                    if (error != null) {
                        lost(next, "unreachable: " + rootName(error));
                    } else {
                        next.socket = socket;
                        if (closed) {
                            socket.abort();
                        }
                    }
                }));
    }

    private void onMessage(Session from, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // not JSON: nothing EventSub sends
        }
        String type = message.path("metadata").path("message_type").asText("");
        JsonNode payload = message.path("payload");
        switch (type) {
            case "session_welcome" -> welcome(from, payload.path("session"));
            case "notification" -> notification(message.path("metadata").path("message_id").asText(""), payload);
            case "session_reconnect" -> {
                String url = payload.path("session").path("reconnect_url").asText("");
                log.info("EventSub asks to reconnect; moving to the new session");
                if (!url.isEmpty()) {
                    connect(URI.create(url), from);
                }
            }
            case "revocation" -> {
                log.warn("EventSub revoked the subscription {} ({}); checking Helix every {} s instead",
                        LogSafe.text(payload.path("subscription").path("type").asText("")),
                        LogSafe.text(payload.path("subscription").path("status").asText("")), POLL.toSeconds());
                startPolling();
            }
            default -> { } // session_keepalive: lastMessage is all it is for
        }
    }

    private void welcome(Session from, JsonNode info) {
        from.id = info.path("id").asText("");
        long seconds = info.path("keepalive_timeout_seconds").asLong(10);
        from.keepalive = Duration.ofSeconds(Math.max(1, Math.min(600, seconds)));
        Session old = from.replacing;
        from.replacing = null;
        session = from;
        if (old != null) {
            // a session_reconnect carries the subscriptions over
            closeQuietly(old);
            log.info("EventSub session moved");
        } else {
            subscribed.clear();
            subscribeAll(from);
            log.info("EventSub connected; following {} channel(s)", watched.size());
        }
        polling = false;
        saidPolling = false; // the next outage is said again
        check();
    }

    private void subscribeAll(Session current) {
        String sessionId = current.id;
        if (sessionId == null || sessionId.isEmpty()) {
            return;
        }
        Optional<HelixAuth> auth = auth();
        if (auth.isEmpty()) {
            return;
        }
        try {
            Set<String> missing = new HashSet<>(watched);
            missing.removeAll(broadcasterIds.keySet());
            if (!missing.isEmpty()) {
                broadcasterIds.putAll(helix.userIds(auth.get(), missing));
            }
            for (String channel : watched) {
                String id = broadcasterIds.get(channel);
                if (id == null || id.isEmpty() || subscribed.contains(channel)) {
                    continue;
                }
                for (String type : TYPES) {
                    helix.subscribe(auth.get(), type, id, sessionId);
                }
                subscribed.add(channel);
            }
        } catch (RuntimeException e) {
            log.warn("EventSub subscriptions failed: {}; checking Helix every {} s instead",
                    LogSafe.text(e.getMessage()), POLL.toSeconds());
            startPolling();
        }
    }

    private void notification(String messageId, JsonNode payload) {
        if (!messageId.isEmpty() && seen.put(messageId, Boolean.TRUE) != null) {
            return; // EventSub may deliver a message twice
        }
        String type = payload.path("subscription").path("type").asText("");
        String login = payload.path("event").path("broadcaster_user_login").asText("").toLowerCase(Locale.ROOT);
        if (login.isEmpty() || !watched.contains(login)) {
            return;
        }
        if (type.equals("stream.online")) {
            set(login, true);
        } else if (type.equals("stream.offline")) {
            set(login, false);
        }
    }

    /** A Helix streams check of every watched channel. */
    private void check() {
        Set<String> channels = watched;
        if (channels.isEmpty()) {
            return;
        }
        Optional<HelixAuth> auth = auth();
        if (auth.isEmpty()) {
            return;
        }
        try {
            Set<String> live = helix.live(auth.get(), channels);
            for (String channel : channels) {
                set(channel, live.contains(channel));
            }
        } catch (RuntimeException e) {
            log.warn("the Helix streams check failed: {}", LogSafe.text(e.getMessage()));
        }
    }

    private void set(String channel, boolean live) {
        Boolean before = state.put(channel, live);
        if (before == null || before != live) {
            log.info("channel={} is {}", channel, live ? "live" : "offline");
            for (Listener listener : listeners) {
                try {
                    listener.changed(channel, live);
                } catch (RuntimeException e) {
                    log.warn("following channel={} failed: {}", channel, LogSafe.of(e));
                }
            }
        }
    }

    private void lost(Session which, String why) {
        if (closed) {
            return;
        }
        if (which.replacing != null) {
            // the new session of a reconnect failed: stay on the old one, which Twitch closes soon
            return;
        }
        if (which != session) {
            return; // an old socket closing after its replacement welcomed us
        }
        session = null;
        if (polling) {
            log.debug("EventSub still {}", LogSafe.text(why)); // said once when the polling began
        } else {
            log.warn("EventSub {}", LogSafe.text(why));
        }
        startPolling();
    }

    private void startPolling() {
        if (!saidPolling) {
            saidPolling = true;
            log.warn("EventSub is unreachable; checking Helix every {} s instead (check --twitch-eventsub-url)",
                    POLL.toSeconds());
        }
        Session current = session;
        session = null;
        if (current != null) {
            closeQuietly(current);
        }
        check();
        if (!polling) {
            polling = true;
            schedule(this::poll, POLL);
        }
    }

    private void poll() {
        if (closed || !polling) {
            return;
        }
        check();
        if (session == null && !watched.isEmpty()) {
            connect(eventSubUrl, null); // a welcome ends the polling
        }
        schedule(this::poll, POLL);
    }

    /** Drops a session that has said nothing for its keepalive timeout plus slack. */
    private void watchdog() {
        Session current = session;
        if (current == null || current.id == null || closed) {
            return;
        }
        if (Duration.between(current.lastMessage, clock.instant()).compareTo(current.keepalive.plus(KEEPALIVE_SLACK)) > 0) {
            log.warn("EventSub said nothing for {} s; connecting again", current.keepalive.plus(KEEPALIVE_SLACK).toSeconds());
            session = null;
            closeQuietly(current);
            connect(eventSubUrl, null);
        }
    }

    private Optional<HelixAuth> auth() {
        Optional<CrewAuth.HelixAuthSource> source = crew.current();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        try {
            TokenIdentity me = identities.identity(source.get().bot(), source.get().token());
            return Optional.of(new HelixAuth(source.get().bot(), me.clientId(), source.get().token()));
        } catch (RuntimeException e) {
            log.warn("presence needs a valid token of the crew: {}", LogSafe.text(e.getMessage()));
            return Optional.empty();
        }
    }

    private void run(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static void closeQuietly(Session s) {
        WebSocket socket = s.socket;
        if (socket != null) {
            socket.abort();
        }
    }

    private static String rootName(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        run(() -> {
            closed = true;
            Session current = session;
            session = null;
            if (current != null) {
                closeQuietly(current);
            }
        });
        scheduler.shutdown();
    }
}
