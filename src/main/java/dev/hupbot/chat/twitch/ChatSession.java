package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import com.github.philippheuer.credentialmanager.domain.OAuth2Credential;
import com.github.philippheuer.events4j.core.EventManager;
import com.github.philippheuer.events4j.simple.SimpleEventHandler;
import com.github.twitch4j.chat.TwitchChat;
import com.github.twitch4j.chat.TwitchChatBuilder;
import com.github.twitch4j.client.websocket.domain.WebsocketConnectionState;
import com.github.twitch4j.common.util.EventManagerUtils;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One twitch4j chat client with everything it owns: its event manager, its two scheduler threads
 * and the credential it logs in with. A token for another account needs a new session; every
 * other change is made on the open one.
 */
final class ChatSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

    /** twitch4j runs its send queue, join retries and reconnect backoff on these. */
    private static final int SCHEDULER_THREADS = 2;

    /** The buckets outlive sessions: a reconnect must not hand a bot a fresh allowance. */
    record Buckets(Bucket messages, Bucket joins, Bucket logins) {
        static Buckets of(TwitchRateLimits limits) {
            return new Buckets(Bucket.builder().addLimit(limits.messages()).build(),
                    Bucket.builder().addLimit(limits.joins()).build(),
                    Bucket.builder().addLimit(limits.logins()).build());
        }
    }

    final OAuth2Credential credential;
    final EventManager events;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile @Nullable TwitchChat chat;
    /** The current try opened the WebSocket (state CONNECTED); a retry without it means the server is out of reach. */
    volatile boolean opened;
    /** Twitch accepted the login on the current WebSocket (its GLOBALUSERSTATE arrived). */
    volatile boolean welcomed;
    /** Built, and the bot's channels handed to it: joins and sends may go straight to the chat. */
    volatile boolean ready;

    ChatSession(String login, OAuth2Credential credential) {
        this.credential = credential;
        this.events = EventManagerUtils.initializeEventManager(SimpleEventHandler.class);
        this.scheduler = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, DaemonThreads.named("twitch-" + login));
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Registers a handler; do it before {@link #connect}, which already publishes events. */
    <E> void on(Class<E> type, Consumer<E> handler) {
        events.onEvent("hupbot-" + type.getSimpleName(), type, handler);
    }

    /** Builds the client, which opens the WebSocket and logs in before it returns. */
    void connect(TwitchSettings settings, CredentialManager credentials, Buckets buckets) {
        chat = TwitchChatBuilder.builder()
                .withBaseUrl(settings.ircUrl())
                .withSendCredentialToThirdPartyHost(!settings.usesTwitchIrc())
                .withCredentialManager(credentials)
                .withChatAccount(credential)
                .withEventManager(events)
                .withScheduledThreadPoolExecutor(scheduler)
                // the bot joins what bots.toml says, not its own channel on top
                .withAutoJoinOwnChannel(false)
                // on a refused token twitch4j would reconnect anonymously: a bot that reads but
                // cannot talk; TwitchConnection checks the token itself and reports instead
                .withVerifyChatAccountOnReconnect(false)
                .withChatRateLimit(settings.rateLimits().messages())
                // twitch4j's own per-channel default (100 per 30 s) would cap every preset alike
                .withPerChannelRateLimit(settings.rateLimits().messages())
                .withIrcMessageBucket(buckets.messages())
                .withIrcJoinBucket(buckets.joins())
                .withIrcAuthBucket(buckets.logins())
                .build();
    }

    TwitchChat chat() {
        TwitchChat c = chat;
        if (c == null) {
            throw new IllegalStateException("chat session used before connect()");
        }
        return c;
    }

    boolean connected() {
        TwitchChat c = chat;
        return welcomed && c != null && c.getState() == WebsocketConnectionState.CONNECTED;
    }

    /**
     * Waits, up to {@code max}, until twitch4j has written every command this session was given
     * (checked twice, {@code step} apart, since its writer takes a command off the queue just before
     * writing it). Without a way to tell, waits {@code max}.
     */
    void drain(Duration max, Duration step) throws InterruptedException {
        TwitchChat c = chat;
        long deadline = System.nanoTime() + max.toNanos();
        int emptyChecks = 0;
        while (c != null && emptyChecks < 2 && System.nanoTime() < deadline) {
            Boolean empty = QuietClose.outboxEmpty(c);
            emptyChecks = Boolean.TRUE.equals(empty) ? emptyChecks + 1 : 0;
            if (emptyChecks < 2) {
                Thread.sleep(empty == null ? Math.max(1, max.toMillis()) : step.toMillis());
            }
        }
    }

    /**
     * Closes the socket without QUIT or PART and stops this session's threads; never throws. For
     * a connection whose account stays in chat on another one: Twitch sees a socket go, not the
     * account leave.
     */
    void closeQuietly() {
        TwitchChat c = chat;
        if (c != null) {
            QuietClose.silence(c);
        }
        close();
    }

    /** Sends QUIT, closes the socket and stops this session's threads; never throws. */
    @Override
    public void close() {
        TwitchChat c = chat;
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) { // twitch4j's close sneaks checked exceptions through
            log.debug("closing a Twitch chat client failed", e);
        } finally {
            try {
                events.close();
            } catch (RuntimeException e) {
                log.debug("closing a Twitch event manager failed", e);
            }
            scheduler.shutdownNow();
        }
    }
}
