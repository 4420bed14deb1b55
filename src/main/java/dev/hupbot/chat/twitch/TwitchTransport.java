package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import com.github.philippheuer.credentialmanager.CredentialManagerBuilder;
import com.github.twitch4j.auth.providers.TwitchIdentityProvider;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.SendRate;
import dev.hupbot.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Twitch chat through twitch4j. Each {@link #connect} gives the bot a chat client of its own
 * (WebSocket, scheduler threads, event manager), so one bot's token change or reconnect leaves
 * every other bot's connection alone.
 *
 * <p>{@code connect} and {@code replaceCredential} return at once; the token check against
 * {@code authUrl/validate} and the login happen on the bot's own thread. A token Twitch rejects is
 * logged ({@code bot=NAME Twitch rejected the token; ...}) and reported to the
 * {@link ConnectionListener} as {@link ConnectionEvent.Kind#TOKEN_REJECTED}; the bot then stays
 * out of chat until a {@code replaceCredential} brings a token Twitch accepts. A new token of the
 * same account is switched to make before break (see {@link TwitchConnection}); one that is
 * refused, at validate, at login or at the joins, leaves the bot on its old one, and the
 * returned stage says why.
 *
 * <p>With an application in {@link TwitchSettings#tokenRefresh()} and a bot's refresh token, the
 * bot's access token is refreshed before it expires (and at once, when Twitch rejects it), in
 * place: the open connection carries on, and its next reconnect logs in with the new token.
 */
public final class TwitchTransport implements ChatTransport {
    private static final int MAX_PARALLEL_CLOSES = 16;

    private final TwitchContext context;
    private final Set<TwitchConnection> open = ConcurrentHashMap.newKeySet();
    /** Plans token refreshes for every bot; one thread, since each plan only hands work to a bot's thread. */
    private final ScheduledThreadPoolExecutor timers;
    private volatile boolean closed;

    public TwitchTransport(TwitchSettings settings, Clock clock, ConnectionListener connectionListener) {
        this(settings, clock, connectionListener, TokenRotation.IGNORE);
    }

    /** As above; {@code rotation} hears of every refreshed token before a bot uses it. */
    public TwitchTransport(TwitchSettings settings, Clock clock, ConnectionListener connectionListener,
            TokenRotation rotation) {
        // twitch4j's own provider reads validate answers whole, whatever their size: this one caps them
        TwitchIdentityProvider identity = new CappedIdentityProvider(settings.authUrl());
        // building a chat client validates its token: with the provider registered here, it asks
        // settings.authUrl() and not Twitch, so tests and proxies stay in charge of where it goes
        CredentialManager credentials = CredentialManagerBuilder.builder().build();
        credentials.registerIdentityProvider(identity);
        this.timers = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("twitch-token-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.context = new TwitchContext(settings, clock, new TokenValidator(identity), credentials,
                connectionListener, open::remove, new HttpTokenEndpoint(settings.tokenUrl()), this::schedule, rotation);
    }

    /** Twitch with the system clock, reporting connection changes only to the log. */
    public TwitchTransport(TwitchSettings settings) {
        this(settings, Clock.systemUTC(), ConnectionListener.ignoring());
    }

    @Override
    public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
            ChatListener listener) {
        if (closed) {
            throw new IllegalStateException("the Twitch transport is closed; bot " + login + " cannot connect");
        }
        String bot = login.trim().toLowerCase(Locale.ROOT);
        if (bot.isEmpty()) {
            throw new IllegalArgumentException("bot login is empty");
        }
        TwitchConnection connection = new TwitchConnection(bot, channels, listener, context, refreshToken);
        open.add(connection);
        connection.start(token);
        return connection;
    }

    @Override
    public SendRate sendRate() {
        return context.settings().rateLimits().sendRate();
    }

    public TwitchSettings settings() {
        return context.settings();
    }

    /**
     * Closes every connection this transport opened and still holds, side by side: twitch4j may
     * wait up to two seconds for a socket to finish closing, and bots should not queue for that.
     */
    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        List<TwitchConnection> connections = List.copyOf(open);
        if (connections.isEmpty()) {
            return;
        }
        ExecutorService closer = Executors.newFixedThreadPool(Math.min(connections.size(), MAX_PARALLEL_CLOSES),
                DaemonThreads.named("twitch-close"));
        try {
            CompletableFuture.allOf(connections.stream()
                    .map(c -> CompletableFuture.runAsync(c::close, closer))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closer.shutdown();
        }
    }

    private TaskScheduler.Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> planned = timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> planned.cancel(false);
        } catch (RejectedExecutionException e) {
            return TaskScheduler.Cancellable.NOTHING; // the transport is closing: nothing left to refresh
        }
    }
}
