package dev.hupbot.chat;

import dev.hupbot.config.Secret;
import java.util.Set;

/** Opens chat connections: twitch4j for Twitch, stdin/stdout for the shell. */
public interface ChatTransport extends AutoCloseable {
    /** Connects {@code login} and joins {@code channels}; messages go to {@code listener}. */
    ChatConnection connect(String login, Secret token, Set<String> channels, ChatListener listener);

    @Override
    void close();
}
