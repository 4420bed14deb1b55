package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What a transport shares with its connections.
 *
 * @param tokens where refresh tokens are traded for access tokens
 * @param timers plans every bot's token refresh; the work itself runs on each bot's own thread
 * @param rotation told of every refreshed token before it is used
 */
record TwitchContext(
        TwitchSettings settings,
        Clock clock,
        TokenValidator validator,
        CredentialManager credentials,
        ConnectionListener connectionListener,
        Consumer<TwitchConnection> onClosed,
        TokenEndpoint tokens,
        TaskScheduler timers,
        TokenRotation rotation) {

    void closed(TwitchConnection connection) {
        onClosed.accept(connection);
    }
}
