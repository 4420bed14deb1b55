package dev.hupbot.chat.twitch;

import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one bot's access token from expiring. Told each time a token is accepted and how long it
 * has left, it plans a refresh (see {@link TokenRefresh#refreshAfter}); the refreshed token goes
 * to {@code onRefreshed}, and the refresh token Twitch may rotate is kept here for the next time.
 * A failed refresh is logged with its fix and tried again with doubling waits, a few times. A bot
 * that cannot refresh (no refresh token, or no application configured) is warned about once per
 * token, before it expires.
 *
 * <p>Every log line starts with {@code bot=<login>} and holds no token text.
 */
final class TokenRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

    private final String login;
    private final TokenRefresh settings;
    private final TokenEndpoint endpoint;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Consumer<RefreshedToken> onRefreshed;
    private final TokenRotation rotation;

    private final Object lock = new Object();
    /** guarded by lock: the newest refresh token, from bots.toml or rotated by Twitch */
    private @Nullable Secret refreshToken;
    /** guarded by lock: bumped for every new token, so a task planned for an older one does nothing */
    private long generation;
    /** guarded by lock: when the current token expires; null when it does not, or nobody said */
    private @Nullable Instant expiresAt;
    /** guarded by lock: when to refresh the current token (or warn that it cannot be) */
    private @Nullable Instant dueAt;
    /** guarded by lock */
    private TaskScheduler.Cancellable pending = TaskScheduler.Cancellable.NOTHING;
    /** guarded by lock: failed refreshes of the current token */
    private int failures;
    /** guarded by lock: the current token's expiry was warned about */
    private boolean warned;
    /** guarded by lock */
    private boolean closed;

    TokenRefresher(String login, TokenRefresh settings, TokenEndpoint endpoint, TaskScheduler scheduler, Clock clock,
            @Nullable Secret refreshToken, Consumer<RefreshedToken> onRefreshed) {
        this(login, settings, endpoint, scheduler, clock, refreshToken, onRefreshed, TokenRotation.IGNORE);
    }

    TokenRefresher(String login, TokenRefresh settings, TokenEndpoint endpoint, TaskScheduler scheduler, Clock clock,
            @Nullable Secret refreshToken, Consumer<RefreshedToken> onRefreshed, TokenRotation rotation) {
        this.rotation = rotation;
        this.login = login;
        this.settings = settings;
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.clock = clock;
        this.refreshToken = blankToNull(refreshToken);
        this.onRefreshed = onRefreshed;
    }

    /**
     * A token was just accepted (by Twitch's validate, or fresh from a refresh) with
     * {@code lifetime} left; zero means it does not expire or Twitch did not say. Replaces any plan
     * made for an earlier token.
     */
    void accepted(Duration lifetime) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            restartLocked();
            warned = false;
            if (lifetime.isNegative() || lifetime.isZero()) {
                expiresAt = null;
                dueAt = null;
                return;
            }
            Instant now = clock.instant();
            expiresAt = now.plus(lifetime);
            dueAt = now.plus(settings.refreshAfter(lifetime));
            planLocked(now);
        }
    }

    /**
     * The refresh token from bots.toml changed (a reload); null when it was removed. It replaces
     * the one kept here, rotated or not, and failures so far are forgotten.
     */
    void useRefreshToken(@Nullable Secret token) {
        Secret next = blankToNull(token);
        synchronized (lock) {
            if (closed || Objects.equals(next, refreshToken)) {
                return;
            }
            refreshToken = next;
            restartLocked();
            planLocked(clock.instant());
        }
    }

    /** Whether this bot can refresh at all: an application is configured and it has a refresh token. */
    boolean canRefresh() {
        synchronized (lock) {
            return canRefreshLocked();
        }
    }

    /**
     * Refreshes at once, outside the plan, e.g. for a token Twitch no longer accepts. Logs the
     * outcome; empty when this bot cannot refresh or the refresh failed. The caller puts the new
     * token to use and then reports it {@linkplain #accepted accepted}.
     */
    Optional<RefreshedToken> refreshNow() {
        Secret token;
        synchronized (lock) {
            if (closed || !canRefreshLocked()) {
                return Optional.empty();
            }
            token = Objects.requireNonNull(refreshToken);
        }
        try {
            RefreshedToken fresh = call(token);
            synchronized (lock) {
                keepRotatedLocked(fresh);
            }
            logRefreshed(fresh);
            return Optional.of(fresh);
        } catch (RefreshFailure e) {
            log.error("bot={} token refresh failed ({}); {}", login, LogSafe.text(e.getMessage()), fix(e));
            return Optional.empty();
        }
    }

    /** Calls off whatever is planned; later calls do nothing. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            restartLocked();
        }
    }

    // ---- the plan --------------------------------------------------------------------------------

    private void restartLocked() {
        generation++;
        pending.cancel();
        pending = TaskScheduler.Cancellable.NOTHING;
        failures = 0;
    }

    private void planLocked(Instant now) {
        Instant due = dueAt;
        if (due == null) {
            return;
        }
        long planned = generation;
        Duration wait = Duration.between(now, due);
        pending = scheduler.schedule(wait.isNegative() ? Duration.ZERO : wait, () -> due(planned));
    }

    /** The planned time (or a retry's) has come for the token of {@code planned}. */
    private void due(long planned) {
        Secret token;
        synchronized (lock) {
            if (closed || planned != generation) {
                return;
            }
            pending = TaskScheduler.Cancellable.NOTHING;
            if (!canRefreshLocked()) {
                warnOnceLocked();
                return;
            }
            token = Objects.requireNonNull(refreshToken);
        }
        RefreshedToken fresh;
        try {
            fresh = call(token);
        } catch (RefreshFailure e) {
            failed(planned, e);
            return;
        }
        synchronized (lock) {
            if (closed || planned != generation) {
                return; // the operator gave it another token meanwhile: that one counts
            }
            keepRotatedLocked(fresh);
        }
        onRefreshed.accept(fresh);
        logRefreshed(fresh);
        accepted(fresh.expiresIn());
    }

    private void failed(long planned, RefreshFailure e) {
        synchronized (lock) {
            if (closed || planned != generation) {
                return;
            }
            failures++;
            String what = "token refresh failed (" + LogSafe.text(e.getMessage()) + "); " + fix(e);
            if (failures < settings.attempts()) {
                Duration wait = settings.retryDelay(failures);
                log.warn("bot={} {} (next try in {} s)", login, what, wait.toSeconds());
                pending = scheduler.schedule(wait, () -> due(planned));
            } else {
                log.error("bot={} {} (gave up after {} tries; {})", login, what, failures, expiryLocked());
            }
        }
    }

    private void warnOnceLocked() {
        if (warned || expiresAt == null) {
            return;
        }
        warned = true;
        log.warn("bot={} token expires in {}; set refresh_token with TWITCH_CLIENT_ID/TWITCH_CLIENT_SECRET,"
                + " or replace the token and reload", login, left(Objects.requireNonNull(expiresAt)));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private boolean canRefreshLocked() {
        return settings.hasClient() && refreshToken != null;
    }

    /** Trades {@code token} in and reports the new tokens to the rotation listener before anyone uses them. */
    private RefreshedToken call(Secret token) {
        RefreshedToken fresh = endpoint.refresh(token, Objects.requireNonNull(settings.clientId()), settings.clientSecret());
        try {
            rotation.rotated(login, token, fresh.accessToken(), blankToNull(fresh.refreshToken()), fresh.expiresIn());
        } catch (RuntimeException e) {
            log.error("bot={} could not keep the refreshed token ({}); it is used until hupbot stops, then"
                    + " run hupbot auth login {}", login, e.getMessage(), login);
        }
        return fresh;
    }

    private void keepRotatedLocked(RefreshedToken fresh) {
        Secret rotated = blankToNull(fresh.refreshToken());
        if (rotated != null) {
            refreshToken = rotated;
        }
    }

    private void logRefreshed(RefreshedToken fresh) {
        if (fresh.expiresIn().isZero()) {
            log.info("bot={} token refreshed, expiry not given", login);
        } else {
            log.info("bot={} token refreshed, expires in {} s", login, fresh.expiresIn().toSeconds());
        }
    }

    private String fix(RefreshFailure e) {
        return e.refused()
                ? "generate a new token and refresh_token for " + login + " and reload"
                : "the bot keeps its current token meanwhile";
    }

    private String expiryLocked() {
        Instant expiry = expiresAt;
        if (expiry == null) {
            return "the token has no known expiry";
        }
        return expiry.isAfter(clock.instant()) ? "the token expires in " + left(expiry) : "the token has expired";
    }

    /** Time until {@code expiry} as a person reads it: whole minutes, or seconds under a minute. */
    private String left(Instant expiry) {
        Duration left = Duration.between(clock.instant(), expiry);
        if (left.isNegative()) {
            return "0 s";
        }
        return left.toMinutes() >= 1 ? left.toMinutes() + " min" : left.toSeconds() + " s";
    }

    private static @Nullable Secret blankToNull(@Nullable Secret secret) {
        return secret == null || secret.reveal().isBlank() ? null : secret;
    }
}
