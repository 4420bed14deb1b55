package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.twitch4j.auth.domain.TwitchScopes;
import com.github.twitch4j.chat.events.AbstractChannelMessageEvent;
import com.github.twitch4j.chat.events.ChatConnectionStateEvent;
import com.github.twitch4j.chat.events.channel.ChannelMessageActionEvent;
import com.github.twitch4j.chat.events.channel.ChannelMessageEvent;
import com.github.twitch4j.chat.events.channel.ChannelStateEvent;
import com.github.twitch4j.chat.events.channel.GlobalUserStateEvent;
import com.github.twitch4j.chat.events.channel.UserStateEvent;
import com.github.twitch4j.client.websocket.domain.WebsocketConnectionState;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.Secret;
import dev.hupbot.logging.RepeatedWarnings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One bot in Twitch chat. Network work (validating the token, opening the WebSocket, switching
 * tokens) runs on the bot's own control thread, so no method here waits for Twitch; messages and
 * connection events reach the listeners on the bot's delivery thread, in order, never on
 * twitch4j's reading thread. Token refreshes run on the control thread too, so they never race a
 * login or a token switch.
 *
 * <p>A new token of the same account is switched to make before break: a second session logs in
 * with it and joins the bot's channels while the first carries on; once Twitch has confirmed every
 * join (USERSTATE or ROOMSTATE), sends move to the new session and the old one closes without PART
 * or QUIT, so the account never leaves a channel. Lines that arrive on both meanwhile are handled
 * once (by Twitch message id). A new token that validate refuses, whose login Twitch refuses, or
 * whose joins are not confirmed within {@link #SWITCH_DEADLINE} leaves the bot on the old session.
 */
final class TwitchConnection implements ChatConnection {
    private static final Logger log = LoggerFactory.getLogger(TwitchConnection.class);

    /** Messages sent while the first login is still under way wait here, at most this many. */
    private static final int MAX_WAITING = 100;

    /** How long a token switch's new session has to log in and have every join confirmed. */
    static final Duration SWITCH_DEADLINE = Duration.ofSeconds(10);

    /** How long a switched-from session may take to write the answers it was already given. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(2);
    private static final Duration DRAIN_STEP = Duration.ofMillis(25);

    /** Message ids remembered for deduplication: minutes of a busy channel, a few hundred KB at most. */
    private static final int SEEN_IDS = 4096;

    /** The {@link RepeatedWarnings} kind of the connection's state lines: lost, unreachable, back. */
    private static final String CONNECTION = "connection";

    /** A token switch under way: {@code candidate} logs in and joins while the current session carries the bot. */
    private static final class Switch {
        final ChatSession candidate;
        final TokenCheck check;
        final CompletableFuture<CredentialResult> result;
        /** Channels whose join Twitch has not confirmed on the candidate yet. */
        final Set<String> pending = ConcurrentHashMap.newKeySet();
        final long startedNanos = System.nanoTime();
        volatile TaskScheduler.Cancellable deadline = TaskScheduler.Cancellable.NOTHING;
        volatile @Nullable Secret token;

        Switch(ChatSession candidate, TokenCheck check, CompletableFuture<CredentialResult> result) {
            this.candidate = candidate;
            this.check = check;
            this.result = result;
        }
    }

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
    /**
     * guarded by lock: a token switch is handing over; sends wait while the old session writes
     * what it already has, so answers keep their order across the two connections
     */
    private boolean holding;
    private volatile boolean closed;
    /** The token of the last start or reconnect, to log in again with once a refresh token can renew it. */
    private volatile @Nullable Secret lastToken;
    /** Twitch rejected the bot's token, so it is out of chat (control thread only). */
    private boolean rejected;
    /** The token switch under way, if any. Written under lock on the control thread. */
    private volatile @Nullable Switch switching;
    /** Sessions switched away from that are still closing: lines they still get count, once. */
    private final Set<ChatSession> retiring = ConcurrentHashMap.newKeySet();
    private final SeenMessages seen = new SeenMessages(SEEN_IDS);
    /** Credential switches asked for and not finished: close() finishes them, so no caller waits in vain. */
    private final Set<CompletableFuture<CredentialResult>> unfinished = ConcurrentHashMap.newKeySet();
    /** Keeps an outage to a few lines: twitch4j retries with backoff, each failed try would be one more. */
    private final RepeatedWarnings notes;

    TwitchConnection(String login, Set<String> channels, ChatListener listener, TwitchContext context,
            @Nullable Secret refreshToken) {
        this.login = login;
        this.context = context;
        this.listener = listener;
        this.buckets = ChatSession.Buckets.of(context.settings().rateLimits());
        this.control = DaemonThreads.serial("twitch-" + login + "-control");
        this.notes = new RepeatedWarnings(log, context.clock());
        this.delivery = DaemonThreads.serial("twitch-" + login + "-events");
        channels.forEach(ch -> this.channels.add(channelName(ch)));
        this.refresher = new TokenRefresher(login, context.settings().tokenRefresh(), context.tokens(),
                (delay, task) -> context.timers().schedule(delay, () -> onControlThread("refresh the token", task)),
                context.clock(), refreshToken, this::useRefreshed, context.rotation());
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
            if (!closed && channels.add(ch)) {
                if (s != null && s.ready) {
                    s.chat().joinChannel(ch);
                }
                Switch sw = switching;
                if (sw != null && sw.candidate.ready) {
                    sw.candidate.chat().joinChannel(ch); // not awaited: the switch waits for the channels it started with
                }
            }
        }
    }

    @Override
    public void part(String channel) {
        String ch = channelName(channel);
        synchronized (lock) {
            ChatSession s = session;
            if (!closed && channels.remove(ch)) {
                if (s != null && s.ready) {
                    s.chat().leaveChannel(ch);
                }
                Switch sw = switching;
                if (sw != null) {
                    sw.pending.remove(ch);
                    if (sw.candidate.ready) {
                        sw.candidate.chat().leaveChannel(ch);
                    }
                }
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
            if (holding && waiting.size() < MAX_WAITING) {
                waiting.add(new Outgoing(ch, line));
            } else if (s != null && s.ready) {
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
    public boolean readyToSend() {
        ChatSession s = session;
        // twitch4j's message bucket is the one it waits on; login commands spend from it too
        return s == null || !s.ready || buckets.messages().getAvailableTokens() >= 1;
    }

    @Override
    public CompletionStage<CredentialResult> replaceCredential(Secret token) {
        CompletableFuture<CredentialResult> result = new CompletableFuture<>();
        unfinished.add(result);
        result.whenComplete((r, e) -> unfinished.remove(result));
        boolean queued = onControlThread("switch to the new token", () -> switchToken(token, result));
        if (!queued || closed) {
            result.complete(CredentialResult.failed("bot " + login + " has left chat"));
        }
        return result;
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
        Switch sw;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
            sw = switching;
            switching = null;
            waiting.clear();
        }
        refresher.close();
        // stops a login in progress; open() closes whatever it built once it sees `closed`
        control.shutdownNow();
        if (sw != null) {
            sw.deadline.cancel();
            sw.candidate.closeQuietly(); // never confirmed: the bot leaves chat through `s` alone
            sw.result.complete(CredentialResult.failed("bot " + login + " left chat during the token switch"));
        }
        if (s != null) {
            s.close();
        }
        retiring.forEach(ChatSession::closeQuietly);
        List.copyOf(unfinished).forEach(r -> r.complete(CredentialResult.failed("bot " + login + " has left chat")));
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

    /** Queues {@code task} on the control thread; false when the connection is closing and it will not run. */
    private boolean onControlThread(String what, Runnable task) {
        if (control.isShutdown()) {
            return false;
        }
        control.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // the cause is often inside twitch4j: its stack trace only at debug
                log.error("bot={} failed to {}: {}", login, what, e.toString());
                log.debug("bot={} failed to {}", login, what, e);
            }
        });
        return true;
    }

    private void stopWaiting() {
        synchronized (lock) {
            opening = false;
            waiting.clear();
        }
    }

    private void switchToken(Secret token, CompletableFuture<CredentialResult> result) {
        if (closed) {
            result.complete(CredentialResult.failed("bot " + login + " has left chat"));
            return;
        }
        OAuth2Credential credential = credentialOf(token);
        TokenCheck check = context.validator().check(credential);
        ChatSession current = session;
        boolean same = current != null && sameAccount(current.credential, check.account());
        boolean mbb = current != null && current.ready && same;
        if (!mbb) {
            lastToken = token;
        }
        String refused = refusal(check);
        if (refused != null) {
            reject(refused);
            result.complete(CredentialResult.failed(refused + (current != null ? "; the bot stays in chat with its"
                    + " old token" : "")));
            return; // the session on the old token, if any, carries on
        }
        if (current == null) {
            accepted(check, credential);
            openSession(credential);
            result.complete(session != null
                    ? CredentialResult.applied("connected with the new token")
                    : CredentialResult.failed("could not connect with the new token; see the log"));
        } else if (mbb) {
            startSwitch(current, check, credential, token, result);
        } else {
            if (same) {
                log.info("bot={} reconnecting with the new token", login);
            } else {
                log.info("bot={} the new token is for Twitch account {}; reconnecting as that account", login,
                        LogSafe.text(accountName(check.account())));
            }
            accepted(check, credential);
            synchronized (lock) {
                session = null;
                opening = true; // sends wait for the new session rather than vanish
            }
            current.close();
            openSession(credential);
            result.complete(session != null
                    ? CredentialResult.applied("reconnected as Twitch account " + accountName(check.account()))
                    : CredentialResult.failed("could not connect with the new token; see the log"));
        }
    }

    // ---- make before break -----------------------------------------------------------------------

    /** Opens the candidate session and has it join the bot's channels; the rest follows Twitch's answers. */
    private void startSwitch(ChatSession current, TokenCheck check, OAuth2Credential credential, Secret token,
            CompletableFuture<CredentialResult> result) {
        Switch previous = switching;
        if (previous != null) {
            abortSwitch(previous, "a newer token replaced it");
        }
        OAuth2Credential account = check.account();
        if (account == null) {
            // validate did not answer: the same name is taken as the same account, so the new
            // session logs in as the account the old one chats as
            OAuth2Credential known = current.credential;
            credential = new OAuth2Credential("twitch", credential.getAccessToken(), null, known.getUserId(),
                    accountName(known), null, new ArrayList<>(Objects.requireNonNullElse(known.getScopes(), List.of())));
        } else {
            credential.updateCredential(account);
        }
        ChatSession candidate = new ChatSession(login, credential);
        Switch sw = new Switch(candidate, check, result);
        candidate.on(ChatConnectionStateEvent.class, e -> onState(candidate, e.getState()));
        candidate.on(GlobalUserStateEvent.class, e -> onWelcome(candidate));
        candidate.on(ChannelMessageEvent.class, e -> onChat(candidate, e));
        candidate.on(ChannelMessageActionEvent.class, e -> onChat(candidate, e));
        candidate.on(UserStateEvent.class, e -> onJoinConfirmed(sw, e.getChannel().getName()));
        candidate.on(ChannelStateEvent.class, e -> onJoinConfirmed(sw, e.getChannel().getName()));
        synchronized (lock) {
            sw.pending.addAll(channels);
            switching = sw;
        }
        log.info("bot={} switching to the new token: a second connection joins {} before the first one closes", login,
                describe(sw.pending));
        sw.deadline = context.timers().schedule(SWITCH_DEADLINE,
                () -> onControlThread("finish the token switch", () -> abortSwitch(sw, deadlineMissed(sw))));
        try {
            candidate.connect(context.settings(), context.credentials(), buckets);
        } catch (RuntimeException e) {
            abortSwitch(sw, "the new connection failed: " + e.getMessage());
            return;
        }
        synchronized (lock) {
            if (switching != sw) {
                return; // aborted meanwhile (closed, lost, or replaced): abortSwitch closed it
            }
            candidate.ready = true;
            channels.forEach(ch -> candidate.chat().joinChannel(ch));
        }
        sw.token = token;
        maybeCommit(sw);
    }

    /** Twitch confirmed a join of the candidate (USERSTATE or ROOMSTATE; called on twitch4j's thread). */
    private void onJoinConfirmed(Switch sw, String channel) {
        if (sw.pending.remove(channelName(channel))) {
            maybeCommit(sw);
        }
    }

    private void maybeCommit(Switch sw) {
        if (switching == sw && sw.candidate.welcomed && sw.pending.isEmpty()) {
            onControlThread("switch to the new connection", () -> commitSwitch(sw));
        }
    }

    /**
     * Every join confirmed: the old session writes what it already has (new sends wait meanwhile,
     * so answers stay in order), then sends move to the candidate and the old session closes
     * without leaving chat.
     */
    private void commitSwitch(Switch sw) {
        ChatSession old;
        synchronized (lock) {
            if (switching != sw || closed || !sw.pending.isEmpty()) {
                return;
            }
            sw.deadline.cancel();
            old = session;
            holding = true;
        }
        try {
            if (old != null) {
                old.drain(DRAIN_LIMIT, DRAIN_STEP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the connection is closing; close() finishes the switch
        }
        synchronized (lock) {
            holding = false;
            if (closed || switching != sw) {
                waiting.clear();
                return;
            }
            switching = null;
            session = sw.candidate; // from here every send goes to the new connection
            waiting.forEach(m -> sw.candidate.chat().sendMessage(m.channel(), m.text()));
            waiting.clear();
            if (old != null) {
                retiring.add(old); // lines still in flight to it count, once
            }
        }
        accepted(sw.check, sw.candidate.credential);
        lastToken = sw.token;
        long ms = (System.nanoTime() - sw.startedNanos) / 1_000_000;
        log.info("bot={} switched to the new token in {} ms: the new connection is in {}; the old one closes without"
                + " PART or QUIT", login, ms, describe(channels));
        report(ConnectionEvent.Kind.CONNECTED, "connected");
        sw.result.complete(CredentialResult.applied("switched to the new token in " + ms + " ms without leaving chat"));
        if (old != null) {
            old.closeQuietly();
            retiring.remove(old);
        }
    }

    /** The switch failed: the candidate goes (quietly: the bot is in chat on the old session) and the old one stays. */
    private void abortSwitch(Switch sw, String reason) {
        synchronized (lock) {
            if (switching != sw) {
                return;
            }
            switching = null;
        }
        sw.deadline.cancel();
        sw.candidate.closeQuietly();
        String why = reason + "; the bot stays in chat on its old connection";
        log.warn("bot={} token switch failed: {}", login, LogSafe.text(why));
        sw.result.complete(CredentialResult.failed(why));
    }

    private String deadlineMissed(Switch sw) {
        if (!sw.candidate.welcomed) {
            return "Twitch did not accept the login with the new token within " + SWITCH_DEADLINE.toSeconds() + " s";
        }
        return "Twitch did not confirm the join of " + describe(sw.pending) + " within " + SWITCH_DEADLINE.toSeconds()
                + " s";
    }

    private static String describe(Set<String> names) {
        return String.join(", ", new TreeSet<>(names).stream().map(n -> "#" + n).toList());
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

    /** Why chat cannot use a token validate refused, or null when it may go ahead with it. */
    private @Nullable String refusal(TokenCheck check) {
        return switch (check.verdict()) {
            case REJECTED -> "Twitch rejected the token; " + fix();
            case NO_CHAT_READ -> "Twitch rejected the token: it lacks the chat:read scope; " + fix();
            case UNKNOWN, VALID -> null;
        };
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
        Switch sw = switching;
        if (sw != null && sw.candidate == s && !closed) {
            if (state == WebsocketConnectionState.LOST) {
                // on Twitch a refused login is a NOTICE followed by the socket closing
                String why = s.welcomed ? "the new connection was lost before its joins were confirmed"
                        : "Twitch refused the login with the new token (Login authentication failed); " + fix();
                onControlThread("stop the token switch", () -> abortSwitch(sw, why));
            }
            return;
        }
        if (session != s || closed) {
            return;
        }
        if (state == WebsocketConnectionState.CONNECTING) {
            s.welcomed = false;
            s.opened = false;
        } else if (state == WebsocketConnectionState.CONNECTED) {
            s.opened = true;
        } else if (state == WebsocketConnectionState.RECONNECTING && !s.opened) {
            // the last try did not even open the WebSocket: nothing listens there (or no network)
            String why = "cannot reach Twitch chat at " + context.settings().ircUrl() + "; retrying with backoff."
                    + " Check the network, or the --twitch-irc-url setting";
            if (notes.warn(login, CONNECTION, "bot=" + login + " " + why)) {
                report(ConnectionEvent.Kind.RECONNECTING, why);
            }
        } else if (state == WebsocketConnectionState.LOST) {
            boolean wasWelcomed = s.welcomed;
            s.welcomed = false;
            if (notes.report(Level.INFO, login, CONNECTION, "bot=" + login + " disconnected, reconnecting")) {
                report(ConnectionEvent.Kind.RECONNECTING, "disconnected, reconnecting");
            }
            if (!wasWelcomed) {
                onControlThread("check the token", () -> recheckToken(s));
            }
        }
    }

    private void onWelcome(ChatSession s) {
        Switch sw = switching;
        if (sw != null && sw.candidate == s) {
            s.welcomed = true;
            maybeCommit(sw); // CONNECTED is reported when the switch is done: until then the old session is the bot
            return;
        }
        if (session != s || closed) {
            return;
        }
        s.welcomed = true;
        if (!notes.recovered(login, CONNECTION, "bot=" + login + " connected")) {
            log.info("bot={} connected", login);
        }
        report(ConnectionEvent.Kind.CONNECTED, "connected");
    }

    private void onChat(ChatSession s, AbstractChannelMessageEvent event) {
        Instant at = context.clock().instant();
        if (closed || !carries(s)) {
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
        if (!seen.firstTime(id) || id.isEmpty() && s != session) {
            return; // already handled as it came on the other connection of a token switch
        }
        String userId = Objects.requireNonNullElse(event.getUser().getId(), user);
        String roomId = Objects.requireNonNullElse(event.getChannel().getId(), channel);
        ChatMessage message = new ChatMessage(channel, user, displayName, event.getMessage(),
                TwitchPermissions.levelOf(event.getPermissions(), event.getMessageEvent()), at, id, userId, roomId);
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

    /** Whether lines {@code s} receives are the bot's: its session, a switch's candidate, or one closing after a switch. */
    private boolean carries(ChatSession s) {
        Switch sw = switching;
        return s == session || sw != null && sw.candidate == s || retiring.contains(s);
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
