package dev.hupbot.chat.twitch;

import com.github.twitch4j.chat.TwitchChat;
import com.github.twitch4j.client.websocket.WebsocketConnection;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two things a make-before-break token switch needs from twitch4j 1.25.0 that it has no
 * public API for: closing a chat client without its {@code QUIT} (the bot is still in chat on
 * its new connection, and a QUIT is the account leaving chat), and telling whether the client
 * still holds commands it has not written yet (so the old connection's last answers are not
 * cut off). Both read private fields; when a twitch4j upgrade renames them, the switch still
 * works, only with a QUIT and a fixed grace period, and a warning says so once. The
 * make-before-break integration test counts QUITs, so such an upgrade fails the build.
 */
final class QuietClose {
    private static final Logger log = LoggerFactory.getLogger(QuietClose.class);
    private static final @Nullable Field CONNECTION = field("connection");
    private static final @Nullable Field COMMAND_QUEUE = field("ircCommandQueue");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private QuietClose() {}

    /**
     * Stops {@code chat} from sending {@code QUIT} when it closes: twitch4j sends it from the
     * socket's "disconnecting" hook, which this replaces with nothing. The socket still closes
     * with a WebSocket close frame, after every frame queued before it.
     */
    static void silence(TwitchChat chat) {
        Object connection = read(CONNECTION, chat);
        if (connection instanceof WebsocketConnection ws) {
            ws.getConfig().onDisconnecting(() -> { });
        } else {
            warnOnce();
        }
    }

    /** True when {@code chat}'s command queue is empty; null when that cannot be told. */
    static @Nullable Boolean outboxEmpty(TwitchChat chat) {
        Object queue = read(COMMAND_QUEUE, chat);
        return queue instanceof Collection<?> commands ? commands.isEmpty() : null;
    }

    private static @Nullable Object read(@Nullable Field field, TwitchChat chat) {
        if (field == null) {
            return null;
        }
        try {
            return field.get(chat);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static void warnOnce() {
        if (!WARNED.getAndSet(true)) {
            log.warn("this twitch4j version does not let hupbot close a connection quietly: a token switch's old"
                    + " connection sends QUIT when it closes (the bot stays in chat on its new one)");
        }
    }

    private static @Nullable Field field(String name) {
        try {
            Field f = TwitchChat.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
