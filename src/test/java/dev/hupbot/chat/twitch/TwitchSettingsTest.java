package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TwitchSettingsTest {

    @Test
    void defaultsAreTwitchsOwnServers() {
        TwitchSettings settings = TwitchSettings.defaults();

        assertThat(settings.ircUrl()).isEqualTo("wss://irc-ws.chat.twitch.tv:443");
        assertThat(settings.authUrl()).isEqualTo("https://id.twitch.tv/oauth2");
        assertThat(settings.helixUrl()).isEqualTo("https://api.twitch.tv/helix");
        assertThat(settings.rateLimits()).isEqualTo(TwitchRateLimits.USER);
        assertThat(settings.usesTwitchIrc()).isTrue();
    }

    @Test
    void theTokenGoesToAnotherChatServerOnlyWhenOneIsConfigured() {
        assertThat(TwitchSettings.defaults().withIrcUrl("wss://irc-ws.chat.twitch.tv").usesTwitchIrc()).isTrue();
        assertThat(TwitchSettings.defaults().withIrcUrl("ws://127.0.0.1:6667").usesTwitchIrc()).isFalse();
    }

    @Test
    void trailingSlashesOnHttpUrlsAreDropped() {
        assertThat(TwitchSettings.defaults().withAuthUrl("http://127.0.0.1:8080/oauth2/").authUrl())
                .isEqualTo("http://127.0.0.1:8080/oauth2");
    }

    @Test
    void anIrcUrlThatIsNotAWebSocketIsRefusedWithTheFix() {
        assertThatThrownBy(() -> TwitchSettings.defaults().withIrcUrl("irc.chat.twitch.tv:6697"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Twitch IRC URL must start with ws:// or wss:// (Twitch's own is wss://irc-ws.chat.twitch.tv:443),"
                        + " got: irc.chat.twitch.tv:6697");
    }

    @Test
    void anAuthUrlThatIsNotHttpIsRefusedWithTheFix() {
        assertThatThrownBy(() -> TwitchSettings.defaults().withAuthUrl("id.twitch.tv/oauth2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Twitch auth URL must start with http:// or https:// (Twitch's own is https://id.twitch.tv/oauth2),"
                        + " got: id.twitch.tv/oauth2");
    }
}
