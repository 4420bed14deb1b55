package dev.hupbot.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlRedactorTest {
    private static final Secret KEY = Secret.of("sk-path-key-0123");

    @Test
    void userInfoQueryAndFragmentAreHidden() {
        assertThat(UrlRedactor.redact("https://user:pa55@llm.example:8443/v1?api_key=abc#frag"))
                .isEqualTo("https://***@llm.example:8443/v1?***");
        assertThat(UrlRedactor.redact("https://llm.example/v1#top")).isEqualTo("https://llm.example/v1#***");
    }

    @Test
    void aKnownSecretAnywhereIsFingerprinted() {
        assertThat(UrlRedactor.redact("https://llm.example/keys/sk-path-key-0123/v1", List.of(KEY)))
                .isEqualTo("https://llm.example/keys/" + KEY.redacted() + "/v1")
                .doesNotContain("sk-path-key");
    }

    @Test
    void plainUrlsAndNonUrlsAreKept() {
        assertThat(UrlRedactor.redact("https://api.twitch.tv/helix")).isEqualTo("https://api.twitch.tv/helix");
        assertThat(UrlRedactor.redact("not a url at all")).isEqualTo("not a url at all");
        assertThat(UrlRedactor.redact("wss://irc-ws.chat.twitch.tv:443", List.of(Secret.of("ab"))))
                .isEqualTo("wss://irc-ws.chat.twitch.tv:443");
    }

    @Test
    void anAtSignInThePathIsNotUserInfo() {
        assertThat(UrlRedactor.redact("https://host/users/@me")).isEqualTo("https://host/users/@me");
    }
}
