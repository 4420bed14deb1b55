package dev.hupbot.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.hupbot.it.support.LoopbackHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CappedBodyTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final AtomicLong written = new AtomicLong();
    private volatile long answerBytes;
    private volatile boolean chunked;
    private final LoopbackHttp server = new LoopbackHttp("capped-test", Map.of(
            "/answer", this::answer,
            "/trickle", CappedBodyTest::trickle));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Streams {@code answerBytes} of 'x', made up while writing: the test holds none of it. */
    private void answer(HttpExchange exchange) {
        try (exchange) {
            exchange.sendResponseHeaders(200, chunked ? 0 : answerBytes);
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = answerBytes; left > 0; ) {
                    int n = (int) Math.min(block.length, left);
                    out.write(block, 0, n);
                    written.addAndGet(n);
                    left -= n;
                }
            }
        } catch (IOException e) {
            // the client hung up: what the cap is for
        }
    }

    /** A byte every 200 ms: headers at once, the body never done. */
    private static void trickle(HttpExchange exchange) {
        try (exchange) {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up
        }
    }

    private HttpResponse<String> get(String path, HttpResponse.BodyHandler<String> handler) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(DEADLINE).GET().build();
        return CappedBody.send(http, request, handler, DEADLINE);
    }

    private HttpResponse.BodyHandler<String> capped(String path) {
        return CappedBody.ofString("Test endpoint", URI.create(server.url(path)), "--test-url");
    }

    @Test
    void anAnswerOfExactlyTheCapIsReadWhole() throws Exception {
        answerBytes = CappedBody.MAX_BYTES;

        HttpResponse<String> response = get("/answer", capped("/answer"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(CappedBody.MAX_BYTES).containsOnlyOnce("x".repeat(CappedBody.MAX_BYTES));
    }

    @Test
    void oneByteOverTheCapFailsWithTheEndpointAndTheFix() {
        answerBytes = CappedBody.MAX_BYTES + 1;

        assertThatThrownBy(() -> get("/answer", capped("/answer")))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessage("Test endpoint " + server.url("/...") + " answered more than 1 MiB; check --test-url");
    }

    @Test
    void aDeclaredLengthOverTheCapFailsBeforeTheBodyIsRead() {
        answerBytes = 200L * 1024 * 1024;

        assertThatThrownBy(() -> get("/answer", capped("/answer"))).isInstanceOf(BodyTooLargeException.class);
        // nothing of it was asked for: the server got at most what its socket buffers took
        assertThat(written.get()).isLessThan(8L * 1024 * 1024);
    }

    @Test
    void aChunkedAnswerOverTheCapFailsToo() {
        chunked = true;
        answerBytes = 3L * CappedBody.MAX_BYTES;

        assertThatThrownBy(() -> get("/answer", capped("/answer"))).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void aTwoHundredMegabyteChunkedAnswerIsCutOffNearTheCap() {
        chunked = true;
        answerBytes = 200L * 1024 * 1024;

        assertThatThrownBy(() -> get("/answer", capped("/answer"))).isInstanceOf(BodyTooLargeException.class);

        // the exchange was aborted: the server could push little beyond the cap before the connection
        // closed (socket buffers), nowhere near the 200 MB it had to send
        assertThat(written.get()).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void theCapIsWhatTheHandlerIsGiven() {
        answerBytes = 2049;
        HttpResponse.BodyHandler<String> small = CappedBody.ofString(2048, "2 KiB", "Tiny endpoint",
                URI.create(server.url("/answer")), "nothing");

        assertThatThrownBy(() -> get("/answer", small))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("answered more than 2 KiB");
    }

    @Test
    void aBodyThatNeverEndsFailsAtTheDeadline() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/trickle"))).GET().build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> CappedBody.send(http, request, capped("/trickle"), Duration.ofMillis(800)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no complete answer within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void redactionKeepsSchemeHostAndPortOnly() {
        assertThat(CappedBody.redact(URI.create("https://user:pw@api.example.com:8443/v1/sk-secret/chat?key=abc#x")))
                .isEqualTo("https://api.example.com:8443/...");
        assertThat(CappedBody.redact(URI.create("https://api.example.com?key=abc"))).isEqualTo("https://api.example.com/...");
        assertThat(CappedBody.redact(URI.create("https://api.example.com/"))).isEqualTo("https://api.example.com");
        assertThat(CappedBody.redact(URI.create("relative/path"))).isEqualTo("(a URL that is not absolute)");
    }

    @Test
    void tooLargeIsFoundUnderTheClientsWrapping() {
        BodyTooLargeException cause = new BodyTooLargeException("big");
        assertThat(CappedBody.tooLarge(new IOException("wrapped", new RuntimeException(cause)))).containsSame(cause);
        assertThat(CappedBody.tooLarge(new IOException("other"))).isEmpty();
    }
}
