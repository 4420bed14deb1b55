package dev.hupbot.auth;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.chat.SendRate;
import dev.hupbot.chat.twitch.TokenRotation;
import dev.hupbot.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat transport as bots see it, with the token store in front: a bot whose {@code bots.toml}
 * gives no token logs in with the store's, every refresh token the transport rotates is written
 * to the store before the new access token is used ({@link TokenRotation}), and every token in use
 * is validated at {@code /validate} hourly (the transport validates it at start); a token Twitch
 * no longer accepts takes that bot alone out of chat, with the fix in the log.
 *
 * <p>A bot with no token anywhere waits out of chat, and so does one whose token was revoked: a
 * {@code hupbot auth login NAME} in another terminal puts a token in the store, which this class
 * looks at every {@link #STORE_CHECK} and logs the bot in with, without a reload.
 */
public final class StoreTokens implements ChatTransport {
    private static final Logger log = LoggerFactory.getLogger(StoreTokens.class);
    /** Twitch requires validating every token in use hourly. */
    public static final Duration VALIDATE_EVERY = Duration.ofHours(1);
    /** How often the store is looked at for bots waiting for a login, and validations falling due. */
    public static final Duration STORE_CHECK = Duration.ofSeconds(5);

    private final ChatTransport inner;
    private final TokenStore store;
    private final TwitchOAuth oauth;
    private final Clock clock;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final AutoCloseable ticking;

    /**
     * @param transport builds the real transport, given the listener it must tell of rotations
     */
    public StoreTokens(Function<TokenRotation, ChatTransport> transport, TokenStore store, TwitchOAuth oauth, Clock clock,
            Ticker ticker) {
        this.inner = transport.apply(this::rotated);
        this.store = store;
        this.oauth = oauth;
        this.clock = clock;
        this.ticking = ticker.every(STORE_CHECK, this::tick);
    }

    @Override
    public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
            ChatListener listener) {
        Bot bot = new Bot(login, channels, listener);
        bots.put(login, bot);
        bot.start(token, refreshToken);
        return bot;
    }

    /** The access token bot {@code login} uses now (for Helix calls made in its name); empty when it is out of chat. */
    @Override
    public Optional<Secret> currentToken(String login) {
        Bot bot = bots.get(login);
        return bot == null ? Optional.empty() : Optional.ofNullable(bot.accessToken());
    }

    @Override
    public SendRate sendRate() {
        return inner.sendRate();
    }

    /** One pass: validations due, logins waiting for the store. Public for tests that drive the clock. */
    public void tick() {
        for (Bot bot : List.copyOf(bots.values())) {
            try {
                bot.tick();
            } catch (RuntimeException e) {
                log.warn("bot={} token check failed: {}", bot.login, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            ticking.close();
        } catch (Exception e) {
            log.debug("stopping the token checks: {}", e.toString());
        }
        inner.close();
    }

    private void rotated(String login, Secret spent, Secret access, @Nullable Secret refresh, Duration expiresIn) {
        Bot bot = bots.get(login);
        if (bot != null) {
            bot.rotated(spent, access, refresh, expiresIn);
        }
    }

    /** One bot's connection as the runtime holds it; the transport's connection inside comes and goes. */
    private final class Bot implements ChatConnection {
        final String login;
        final ChatListener listener;
        final Set<String> channels;
        /** Everything below: guarded by this. */
        private @Nullable ChatConnection connection;
        private boolean fromStore;
        private @Nullable Secret access;
        private @Nullable Secret refresh;
        /** The store's access token that Twitch refused: not tried again until a new login replaces it. */
        private @Nullable Secret refused;
        private boolean unknownWarned;
        private @Nullable Instant validatedAt;
        private boolean closed;

        Bot(String login, Set<String> channels, ChatListener listener) {
            this.login = login;
            this.listener = listener;
            this.channels = new LinkedHashSet<>(channels);
        }

        synchronized void start(Secret token, @Nullable Secret refreshToken) {
            if (!token.reveal().isBlank()) {
                fromStore = false;
                open(token, refreshToken);
                return;
            }
            fromStore = true;
            if (!openFromStore()) {
                log.error("bots[{}]: no token; run `hupbot auth login {}` or set token", login, login);
            }
        }

        /** Opens with the store's token; false when it has none usable. */
        private boolean openFromStore() {
            Optional<StoredToken> stored = read();
            if (stored.isEmpty() || stored.get().accessToken().equals(refused)) {
                return false;
            }
            StoredToken t = stored.get();
            open(t.accessToken(), t.refreshToken());
            log.info("bot={} logs in with the token from {}", login, store.file());
            return true;
        }

        private void open(Secret token, @Nullable Secret refreshToken) {
            access = token;
            refresh = refreshToken;
            // the transport validates the token as it logs in: that is the check at start
            validatedAt = clock.instant();
            connection = inner.connect(login, token, refreshToken, Set.copyOf(channels), listener);
        }

        private Optional<StoredToken> read() {
            try {
                return store.get(login);
            } catch (RuntimeException e) {
                log.error("bot={} cannot read the token store: {}", login, e.getMessage());
                return Optional.empty();
            }
        }

        /** On the transport's thread, after Twitch handed out new tokens and before they are used. */
        synchronized void rotated(Secret spent, Secret newAccess, @Nullable Secret newRefresh, Duration expiresIn) {
            access = newAccess;
            validatedAt = clock.instant();
            if (newRefresh != null) {
                refresh = newRefresh;
            }
            if (!fromStore) {
                return; // bots.toml owns this bot's tokens
            }
            Instant now = clock.instant();
            boolean written = store.replaceIf(login, spent, t -> t.rotated(newAccess, newRefresh, expiresIn, now));
            if (!written) {
                log.warn("bot={} the token store has a newer login for this bot; switching to it", login);
            }
        }

        synchronized @Nullable Secret accessToken() {
            return connection == null ? null : access;
        }

        /** Looks at the store, then validates outside the lock: a slow Twitch must not hold up sends. */
        void tick() {
            Instant now = clock.instant();
            Secret token = due(now);
            if (token == null) {
                return;
            }
            TokenValidation v = oauth.validate(Secret.of(bare(token.reveal())));
            validated(token, v, now);
        }

        /** The token whose hourly validation is due, or null; picks up a login made meanwhile. */
        private synchronized @Nullable Secret due(Instant now) {
            if (closed) {
                return null;
            }
            if (connection == null) {
                if (fromStore) {
                    openFromStore();
                }
                return null;
            }
            if (fromStore) {
                Optional<StoredToken> stored = read();
                if (stored.isPresent() && !java.util.Objects.equals(stored.get().refreshToken(), refresh)
                        && !stored.get().accessToken().equals(access)) {
                    // a new `hupbot auth login` while the bot runs: its grant replaces the old one
                    log.info("bot={} found a new login in {}; reconnecting with it", login, store.file());
                    StoredToken t = stored.get();
                    refresh = t.refreshToken();
                    access = t.accessToken();
                    validatedAt = now;
                    ChatConnection c = connection;
                    c.useRefreshToken(t.refreshToken());
                    c.reconnect(t.accessToken());
                    return null;
                }
            }
            Secret token = access;
            if (token == null || validatedAt != null && now.isBefore(validatedAt.plus(VALIDATE_EVERY))) {
                return null;
            }
            return token;
        }

        private synchronized void validated(Secret token, TokenValidation v, Instant now) {
            if (closed || connection == null || !token.equals(access)) {
                return; // refreshed, switched or closed meanwhile: the next check is about the new token
            }
            switch (v.verdict()) {
                case VALID -> {
                    validatedAt = now;
                    unknownWarned = false;
                    if (fromStore) {
                        store.replaceIf(login, refresh, t -> t.accessToken().equals(token) ? t.validated(now, v.expiresIn()) : t);
                    }
                }
                case UNKNOWN -> {
                    if (!unknownWarned) {
                        unknownWarned = true;
                        log.warn("bot={} could not validate the token at {}/validate (no answer); trying again every {} s",
                                login, oauth.baseUrl(), STORE_CHECK.toSeconds());
                    }
                }
                case INVALID -> revoked(token);
            }
        }

        private void revoked(Secret token) {
            log.error("bot={} Twitch says the token is no longer valid; run hupbot auth login {}{}", login, login,
                    fromStore ? "" : " and remove its token line, or set a new token and reload");
            refused = fromStore ? token : null;
            ChatConnection c = connection;
            connection = null;
            access = null;
            if (c != null) {
                c.close();
            }
        }

        // ---- ChatConnection ----------------------------------------------------------------------

        @Override
        public synchronized void join(String channel) {
            channels.add(channel);
            if (connection != null) {
                connection.join(channel);
            }
        }

        @Override
        public synchronized void part(String channel) {
            channels.remove(channel);
            if (connection != null) {
                connection.part(channel);
            }
        }

        @Override
        public void send(String channel, String text) {
            ChatConnection c;
            synchronized (this) {
                c = connection;
            }
            if (c != null) {
                c.send(channel, text);
            } else {
                log.debug("bot={} out of chat; message to #{} dropped", login, channel);
            }
        }

        /**
         * A new token from bots.toml (a reload): it is the bot's from now on, whatever it had. An
         * empty one (the token line removed) hands the bot to the store's token, if there is one.
         */
        @Override
        public synchronized CompletionStage<CredentialResult> replaceCredential(Secret token) {
            Secret next = token;
            @Nullable Secret nextRefresh = refresh;
            boolean store = false;
            if (token.reveal().isBlank()) {
                Optional<StoredToken> stored = read();
                if (stored.isEmpty()) {
                    log.warn("bot={} has no token line now and none in {}; it keeps its current token until it stops;"
                            + " run hupbot auth login {}", login, StoreTokens.this.store.file(), login);
                    return CompletableFuture.completedFuture(CredentialResult.failed(
                            "no token line and none in the token store; run hupbot auth login " + login));
                }
                next = stored.get().accessToken();
                nextRefresh = stored.get().refreshToken();
                store = true;
            }
            fromStore = store;
            refused = null;
            if (connection == null) {
                open(next, nextRefresh);
                return CompletableFuture.completedFuture(CredentialResult.applied("logging in with the new token"));
            }
            if (store) {
                refresh = nextRefresh;
                connection.useRefreshToken(nextRefresh);
            }
            Secret switched = next;
            return connection.replaceCredential(next).thenApply(result -> {
                if (result.applied()) {
                    synchronized (this) {
                        access = switched;
                        validatedAt = clock.instant();
                    }
                }
                return result;
            });
        }

        @Override
        public synchronized void useRefreshToken(@Nullable Secret refreshToken) {
            if (fromStore) {
                return; // the store's refresh token counts, not bots.toml's
            }
            refresh = refreshToken;
            if (connection != null) {
                connection.useRefreshToken(refreshToken);
            }
        }

        @Override
        public synchronized boolean readyToSend() {
            return connection == null || connection.readyToSend();
        }

        @Override
        public synchronized Set<String> channels() {
            return connection == null ? Set.copyOf(channels) : connection.channels();
        }

        @Override
        public synchronized boolean connected() {
            return connection != null && connection.connected();
        }

        @Override
        public void close() {
            ChatConnection c;
            synchronized (this) {
                closed = true;
                c = connection;
                connection = null;
            }
            bots.remove(login, this);
            if (c != null) {
                c.close();
            }
        }
    }

    private static String bare(String token) {
        String t = token.trim();
        return t.regionMatches(true, 0, "oauth:", 0, 6) ? t.substring(6) : t;
    }
}
