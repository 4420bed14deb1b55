package dev.hupbot.chat;

import dev.hupbot.config.Secret;
import java.util.Set;

/** One bot's live connection to chat. Methods return once the request is sent, not acknowledged. */
public interface ChatConnection extends AutoCloseable {
    void join(String channel);

    void part(String channel);

    void send(String channel, String text);

    /** Reconnects this connection with a new credential for the same account; channels are re-joined. */
    void reconnect(Secret token);

    Set<String> channels();

    boolean connected();

    /** Leaves chat; never throws. */
    @Override
    void close();
}
