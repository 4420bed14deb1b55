package dev.hupbot.chat;

import dev.hupbot.config.Secret;
import java.util.Set;
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

    /** Reconnects this connection with a new credential for the same account; channels are re-joined. */
    void reconnect(Secret token);

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
