package dev.hupbot.chat;

import dev.hupbot.config.Secret;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** One bot's live connection to chat. Methods return once the request is sent, not acknowledged. */
public interface ChatConnection extends AutoCloseable {
    void join(String channel);

    void part(String channel);

    void send(String channel, String text);

    /**
     * False while the transport's own rate limit would hold a line back (its allowance is used
     * up): the caller keeps the line and asks again, so the transport's queue never fills and
     * nothing it holds goes out late. True by default, and while still logging in (lines sent
     * then wait for the login as before).
     */
    default boolean readyToSend() {
        return true;
    }

    /**
     * Moves the bot to a new credential and returns at once; the stage completes when the switch
     * is done or has failed (it always completes, within the transport's own deadline, and never
     * exceptionally). A transport that can keeps the bot in chat throughout (make before break);
     * when the new credential is refused, the bot carries on with the old one.
     */
    CompletionStage<CredentialResult> replaceCredential(Secret token);

    /** {@link #replaceCredential} without waiting for the outcome. */
    default void reconnect(Secret token) {
        replaceCredential(token);
    }

    /**
     * The bot's refresh token changed in its configuration (null: removed). No traffic; a
     * transport that refreshes tokens uses it from now on, others ignore it.
     */
    default void useRefreshToken(@Nullable Secret refreshToken) {}

    Set<String> channels();

    boolean connected();

    /** Leaves chat; never throws. */
    @Override
    void close();
}
