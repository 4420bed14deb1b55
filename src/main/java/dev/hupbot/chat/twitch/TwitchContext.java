package dev.hupbot.chat.twitch;

import com.github.philippheuer.credentialmanager.CredentialManager;
import java.time.Clock;
import java.util.function.Consumer;

/** What a transport shares with its connections. */
record TwitchContext(
        TwitchSettings settings,
        Clock clock,
        TokenValidator validator,
        CredentialManager credentials,
        ConnectionListener connectionListener,
        Consumer<TwitchConnection> onClosed) {

    void closed(TwitchConnection connection) {
        onClosed.accept(connection);
    }
}
