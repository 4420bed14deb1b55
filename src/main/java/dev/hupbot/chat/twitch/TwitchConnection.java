package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.domain.TwitchScopes;
import com.github.twitch4j.chat.events.AbstractChannelMessageEvent;
import com.github.twitch4j.chat.events.ChatConnectionStateEvent;
import com.github.twitch4j.chat.events.channel.ChannelMessageActionEvent;
import com.github.twitch4j.chat.events.channel.ChannelMessageEvent;
import com.github.twitch4j.chat.events.channel.GlobalUserStateEvent;
import com.github.twitch4j.client.websocket.domain.WebsocketConnectionState;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot in Twitch chat. Network work (validating the token, opening the WebSocket, switching
 * tokens) runs on the bot's own control thread, so no method here waits for Twitch; messages and
 * connection events reach the listeners on the bot's delivery thread, in order, never on
 * twitch4j's reading thread. Token refreshes run on the control thread too, so they never race a
 * login or a token switch.
 */
final class TwitchConnection implements ChatConnection {
    private static final Logger log = LoggerFactory.getLogger(TwitchConnection.class);

    /** Messages sent while the first login is still under way wait here, at most this many. */
    private static final int MAX_WAITING = 100;

    private record Outgoing(String channel, String text) {}

    private final String login;
    private final TwitchContext context;
    private final ChatListener listener;
    private final ChatSession.Buckets buckets;
    private final ThreadPoolExecutor control;
    private final ThreadPoolExecutor delivery;
    private final TokenRefresher refresher;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /**
     * The session whose events count (from its first one); usable for joins and sends once
     * {@code ready}. Written under lock, read freely.
     */
    private volatile @Nullable ChatSession session;
    /** guarded by lock */
    private final List<Outgoing> waiting = new ArrayList<>();
    /** guarded by lock: a session is being opened, so sends wait instead of being dropped */
    private boolean opening;
    private volatile boolean closed;
    /** The token of the last start or reconnect, to log in again with once a refresh token can renew it. */
    private volatile @Nullable Secret lastToken;
    /** Twitch rejected the bot's token, so it is out of chat (control thread only). */
    private boolean rejected;

    TwitchConnection(String login, Set<String> channels, ChatListener listener, TwitchContext context,
            @Nullable Secret refreshToken) {
        this.login = login;
        this.context = context;
        this.listener = listener;
        this.buckets = ChatSession.Buckets.of(context.settings().rateLimits());
        this.control = DaemonThreads.serial("twitch-" + login + "-control");
        this.delivery = DaemonThreads.serial("twitch-" + login + "-events");
        channels.forEach(ch -> this.channels.add(channelName(ch)));
        this.refresher = new TokenRefresher(login, context.settings().tokenRefresh(), context.tokens(),
                (delay, task) -> context.timers().schedule(delay, () -> onControlThread("refresh the token", task)),
                context.clock(), refreshToken, this::useRefreshed);
    }

    void start(Secret token) {
        lastToken = token;
        synchronized (lock) {
            opening = true;
        }
        onControlThread("connect", () -> open(token));
    }

    // ---- ChatConnection ----------------------------------------------------------------------

    @Override
    public void join(String channel) {
        String ch = channelName(channel);
        synchronized (lock) {
            ChatSession s = session;
            if (!closed && channels.add(ch) && s != null && s.ready) {
                s.chat().joinChannel(ch);
            }
        }
    }

    @Override
    public void part(String channel) {
        String ch = channelName(channel);
        synchronized (lock) {
            ChatSession s = session;
            if (!closed && channels.remove(ch) && s != null && s.ready) {
                s.chat().leaveChannel(ch);
            }
        }
    }

    @Override
    public void send(String channel, String text) {
        String ch = channelName(channel);
        String line = ChatText.forChat(text);
        if (line.isBlank()) {
            return;
        }
        if (line.length() < text.length()) {
            log.debug("bot={} message to #{} cut from {} to {} characters", login, ch, text.length(), line.length());
        }
        synchronized (lock) {
            ChatSession s = session;
            if (closed) {
                return;
            }
            if (s != null && s.ready) {
                if (!s.chat().sendMessage(ch, line)) {
                    log.warn("bot={} message to #{} dropped: twitch4j's send queue refused it", login, ch);
                }
            } else if (opening && waiting.size() < MAX_WAITING) {
                waiting.add(new Outgoing(ch, line));
            } else {
                log.warn("bot={} not in chat; message to #{} dropped", login, ch);
            }
        }
    }

    @Override
    public void reconnect(Secret token) {
        lastToken = token;
        onControlThread("reconnect", () -> switchToken(token));
    }

    @Override
    public void useRefreshToken(@Nullable Secret refreshToken) {
        onControlThread("use the new refresh token", () -> {
            refresher.useRefreshToken(refreshToken);
            Secret token = lastToken;
            // out of chat for a token that has expired: the new refresh token may renew it
            if (rejected && session == null && token != null && refresher.canRefresh() && !closed) {
                open(token);
            }
        });
    }

    @Override
    public Set<String> channels() {
        return Set.copyOf(channels);
    }

    @Override
    public boolean connected() {
        ChatSession s = session;
        return !closed && s != null && s.connected();
    }

    @Override
    public void close() {
        ChatSession s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
            waiting.clear();
        }
        refresher.close();
        // stops a login in progress; open() closes whatever it built once it sees `closed`
        control.shutdownNow();
        if (s != null) {
            s.close();
        }
        delivery.shutdown();
        context.closed(this);
        log.info("bot={} left chat", login);
    }

    // ---- control thread ----------------------------------------------------------------------

    private void open(Secret token) {
        try {
            OAuth2Credential credential = credentialOf(token);
            if (!closed && accepted(checkOrRefresh(credential), credential)) {
                openSession(credential);
            }
        } finally {
            stopWaiting();
        }
    }

    /**
     * Checks the token; one Twitch rejects is refreshed first when the bot can (it may simply have
     * expired while hupbot was not running), and the refreshed one is checked in its place.
     */
    private TokenCheck checkOrRefresh(OAuth2Credential credential) {
        TokenCheck check = context.validator().check(credential);
        if (check.verdict() != TokenCheck.Verdict.REJECTED || !refresher.canRefresh()) {
            return check;
        }
        log.info("bot={} Twitch rejected the token; refreshing it", login);
        Optional<RefreshedToken> fresh = refresher.refreshNow();
        if (fresh.isEmpty()) {
            return check;
        }
        credential.setAccessToken(fresh.get().accessToken().reveal());
        return context.validator().check(credential);
    }

    /** A refresh planned by the refresher: the session's next login uses the new token; no reconnect now. */
    private void useRefreshed(RefreshedToken fresh) {
        ChatSession s = session;
        if (s != null) {
            s.credential.setAccessToken(fresh.accessToken().reveal());
        }
    }

    /** Builds a session, then joins the bot's channels and sends what waited for it. */
    private void openSession(OAuth2Credential credential) {
        ChatSession s = new ChatSession(login, credential);
        s.on(ChatConnectionStateEvent.class, e -> onState(s, e.getState()));
        s.on(GlobalUserStateEvent.class, e -> onWelcome(s));
        s.on(ChannelMessageEvent.class, e -> onChat(s, e));
        s.on(ChannelMessageActionEvent.class, e -> onChat(s, e));
        synchronized (lock) {
            if (closed) {
                s.close();
                return;
            }
            opening = true;
            session = s; // its events count from the first one; it is not used for sending until ready
        }
        boolean ready = false;
        try {
            s.connect(context.settings(), context.credentials(), buckets);
            synchronized (lock) {
                if (!closed && session == s) {
                    s.ready = true;
                    ready = true;
                    channels.forEach(ch -> s.chat().joinChannel(ch));
                    waiting.forEach(m -> s.chat().sendMessage(m.channel(), m.text()));
                }
            }
        } finally {
            stopWaiting();
            if (!ready) {
                synchronized (lock) {
                    if (session == s) {
                        session = null;
                    }
                }
                s.close();
            }
        }
    }

    private void onControlThread(String what, Runnable task) {
        control.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("bot={} failed to {}: {}", login, what, e.toString(), e);
            }
        });
    }

    private void stopWaiting() {
        synchronized (lock) {
            opening = false;
            waiting.clear();
        }
    }

    private void switchToken(Secret token) {
        if (closed) {
            return;
        }
        OAuth2Credential credential = credentialOf(token);
        TokenCheck check = context.validator().check(credential);
        if (!accepted(check, credential)) {
            return; // the session on the old token, if any, carries on
        }
        ChatSession current = session;
        if (current == null) {
            openSession(credential);
        } else if (sameAccount(current.credential, check.account())) {
            log.info("bot={} reconnecting with the new token", login);
            current.credential.updateCredential(credential);
            current.welcomed = false;
            current.chat().reconnect();
        } else {
            log.info("bot={} the new token is for Twitch account {}; reconnecting as that account", login,
                    LogSafe.text(accountName(check.account())));
            synchronized (lock) {
                session = null;
                opening = true; // sends wait for the new session rather than vanish
            }
            current.close();
            openSession(credential);
        }
    }

    /** After a connection closed before Twitch welcomed it: was it the token? */
    private void recheckToken(ChatSession s) {
        if (closed || session != s || s.welcomed || context.validator().stillValid(s.credential)) {
            return;
        }
        if (refresher.canRefresh()) {
            log.info("bot={} Twitch rejected the token; refreshing it", login);
            Optional<RefreshedToken> fresh = refresher.refreshNow();
            if (fresh.isPresent() && session == s && !closed) {
                // twitch4j is still reconnecting with backoff; its next login takes the new token
                s.credential.setAccessToken(fresh.get().accessToken().reveal());
                refresher.accepted(fresh.get().expiresIn());
                return;
            }
        }
        synchronized (lock) {
            if (session != s) {
                return;
            }
            session = null;
        }
        s.close();
        reject("Twitch rejected the token; " + fix());
    }

    /** Logs and reports a token Twitch will not take; true when chat may go ahead with it. */
    private boolean accepted(TokenCheck check, OAuth2Credential credential) {
        switch (check.verdict()) {
            case REJECTED -> {
                reject("Twitch rejected the token; " + fix());
                return false;
            }
            case NO_CHAT_READ -> {
                reject("Twitch rejected the token: it lacks the chat:read scope; " + fix());
                return false;
            }
            case UNKNOWN -> {
                log.warn("bot={} could not check the token at {}/validate (no answer); connecting anyway", login,
                        context.settings().authUrl());
                rejected = false;
                refresher.accepted(Duration.ZERO); // its lifetime is unknown: nothing to plan
                return true;
            }
            case VALID -> {
                OAuth2Credential account = Objects.requireNonNull(check.account());
                credential.updateCredential(account);
                rejected = false;
                Integer expiresIn = account.getExpiresIn();
                refresher.accepted(Duration.ofSeconds(expiresIn == null ? 0 : Math.max(0, expiresIn)));
                String owner = accountName(account);
                if (!owner.equals(login)) {
                    log.warn("bot={} the token belongs to Twitch account {}, so the bot chats as {}; use a token of"
                            + " the {} account to chat as {}", login, LogSafe.text(owner), LogSafe.text(owner), login, login);
                }
                if (account.getScopes() == null || !account.getScopes().contains(TwitchScopes.CHAT_EDIT.toString())) {
                    log.warn("bot={} the token lacks the chat:edit scope: the bot can read chat but not write; {}",
                            login, fix());
                }
                return true;
            }
        }
        throw new IllegalStateException("unknown token verdict " + check.verdict());
    }

    private String fix() {
        return "generate a new token for the " + login
                + " account with the chat:read and chat:edit scopes, set it as this bot's token and reload";
    }

    private void reject(String why) {
        rejected = session == null;
        log.error("bot={} {}", login, why);
        report(ConnectionEvent.Kind.TOKEN_REJECTED, why);
    }

    private boolean sameAccount(OAuth2Credential current, @Nullable OAuth2Credential next) {
        if (next == null) {
            return true; // no answer from validate: the bot's name says which account it is
        }
        String currentId = current.getUserId();
        return currentId != null ? currentId.equals(next.getUserId()) : accountName(next).equals(accountName(current));
    }

    private String accountName(@Nullable OAuth2Credential account) {
        String name = account == null ? null : account.getUserName();
        return name == null ? login : name.toLowerCase(Locale.ROOT);
    }

    // ---- twitch4j's threads: hand over, never block ----------------------------------------------

    private void onState(ChatSession s, WebsocketConnectionState state) {
        if (session != s || closed) {
            return;
        }
        if (state == WebsocketConnectionState.CONNECTING) {
            s.welcomed = false;
        } else if (state == WebsocketConnectionState.LOST) {
            boolean wasWelcomed = s.welcomed;
            s.welcomed = false;
            log.info("bot={} disconnected, reconnecting", login);
            report(ConnectionEvent.Kind.RECONNECTING, "disconnected, reconnecting");
            if (!wasWelcomed) {
                onControlThread("check the token", () -> recheckToken(s));
            }
        }
    }

    private void onWelcome(ChatSession s) {
        if (session != s || closed) {
            return;
        }
        s.welcomed = true;
        log.info("bot={} connected", login);
        report(ConnectionEvent.Kind.CONNECTED, "connected");
    }

    private void onChat(ChatSession s, AbstractChannelMessageEvent event) {
        Instant at = context.clock().instant();
        if (session != s || closed) {
            return;
        }
        String user = event.getUser().getName().toLowerCase(Locale.ROOT);
        String channel = channelName(event.getChannel().getName());
        if (user.equals(accountName(s.credential)) || !channels.contains(channel)) {
            return; // its own line echoed by another connection, or a channel it is leaving
        }
        String displayName = event.getMessageEvent().getUserDisplayName().orElse(user);
        // Twitch's message id is the same on every bot's connection: the crew decides once per line.
        String id = event.getMessageEvent().getMessageId().orElse("");
        String userId = Objects.requireNonNullElse(event.getUser().getId(), user);
        String roomId = Objects.requireNonNullElse(event.getChannel().getId(), channel);
        ChatMessage message = new ChatMessage(channel, user, displayName, event.getMessage(),
                TwitchPermissions.levelOf(event.getPermissions()), at, id, userId, roomId);
        delivery.execute(() -> {
            if (closed) {
                return;
            }
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                log.error("bot={} failed to handle a message in #{}", login, LogSafe.text(channel), e);
            }
        });
    }

    private void report(ConnectionEvent.Kind kind, String detail) {
        ConnectionEvent event = new ConnectionEvent(login, kind, detail);
        delivery.execute(() -> {
            try {
                context.connectionListener().onConnectionEvent(event);
            } catch (RuntimeException e) {
                log.error("bot={} connection listener failed on {}", login, kind, e);
            }
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static OAuth2Credential credentialOf(Secret token) {
        String t = token.reveal().trim();
        // tokens are often pasted as IRC passwords ("oauth:abc…"); twitch4j adds that prefix itself
        if (t.regionMatches(true, 0, "oauth:", 0, "oauth:".length())) {
            t = t.substring("oauth:".length());
        }
        return new OAuth2Credential("twitch", t);
    }

    static String channelName(String channel) {
        String c = channel.trim().toLowerCase(Locale.ROOT);
        c = c.startsWith("#") ? c.substring(1) : c;
        if (c.isEmpty()) {
            throw new IllegalArgumentException("channel name is empty");
        }
        return c;
    }
}
