package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.config.Secret;
import dev.hupbot.it.support.LoopbackHttp;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTokenEndpointTest {
    private final AtomicLong sent = new AtomicLong();
    private final LoopbackHttp server = new LoopbackHttp("token-test", Map.of("/oauth2/token",
            exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    sent.addAndGet(LoopbackHttp.streamOversized(exchange, "{\"access_token\":\"", 200L * 1024 * 1024));
                }
            }));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRefreshAnswerOverOneMebibyteFailsWithTheRedactedEndpoint() {
        HttpTokenEndpoint endpoint = new HttpTokenEndpoint(server.url("/oauth2/token"));

        assertThatThrownBy(() -> endpoint.refresh(Secret.of("refresh-s3cret"), "client-1", Secret.of("client-s3cret")))
                .isInstanceOf(RefreshFailure.class)
                .hasMessage("Twitch auth endpoint " + server.url("/...") + " answered more than 1 MiB;"
                        + " check --twitch-auth-url");
        assertThat(sent.get()).isLessThan(32L * 1024 * 1024);
    }
}
