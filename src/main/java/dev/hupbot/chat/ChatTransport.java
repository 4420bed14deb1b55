package dev.hupbot.chat;

import dev.hupbot.config.Secret;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Opens chat connections: twitch4j for Twitch, stdin/stdout for the shell. */
public interface ChatTransport extends AutoCloseable {
    /**
     * Connects {@code login} and joins {@code channels}; messages go to {@code listener}. {@code
     * refreshToken} (null for none) is for a transport that refreshes access tokens before they
     * expire; others ignore it.
     */
    ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
            ChatListener listener);

    /** As {@link #connect(String, Secret, Secret, Set, ChatListener)}, for a bot with no refresh token. */
    default ChatConnection connect(String login, Secret token, Set<String> channels, ChatListener listener) {
        return connect(login, token, null, channels, listener);
    }

    /**
     * The access token bot {@code login} uses now, when it is not the one its config gives (a
     * transport that logs bots in from the token store); empty otherwise.
     */
    default Optional<Secret> currentToken(String login) {
        return Optional.empty();
    }

    /**
     * How fast each connection may send; lines beyond it would wait in the transport. {@link
     * SendRate#UNLIMITED} unless the transport's chat limits sends.
     */
    default SendRate sendRate() {
        return SendRate.UNLIMITED;
    }

    @Override
    void close();
}
