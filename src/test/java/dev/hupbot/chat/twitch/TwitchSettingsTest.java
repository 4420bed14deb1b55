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

    @Test
    void tokensAreNotRefreshedUnlessAnApplicationIsGiven() {
        TwitchSettings settings = TwitchSettings.defaults();

        assertThat(settings.tokenRefresh().hasClient()).isFalse();
        assertThat(settings.tokenRefresh().minMargin()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(settings.withAuthUrl("http://127.0.0.1:8080/oauth2/").tokenUrl())
                .isEqualTo("http://127.0.0.1:8080/oauth2/token");
    }

    @Test
    void tokenRefreshSettingsThatCannotWorkAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TokenRefresh.none().withClient(" ", dev.hupbot.config.Secret.of("s")))
                .hasMessage("Twitch client id and client secret must not be empty; leave them unset for no token refresh");
        assertThatThrownBy(() -> TokenRefresh.none().withRetries(java.time.Duration.ZERO, 3))
                .hasMessage("token refresh retry delay must be positive, got 0 ms");
        assertThatThrownBy(() -> TokenRefresh.none().withRetries(java.time.Duration.ofSeconds(1), 0))
                .hasMessage("token refresh attempts must be at least 1, got 0");
    }
}
