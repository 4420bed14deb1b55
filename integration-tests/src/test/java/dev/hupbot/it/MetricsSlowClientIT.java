package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.MetricsText;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 12: ten clients that send half a request and stall must not block the
 * metrics listener. A scrape still answers within seconds, and the stalled connections are
 * closed by hupbot.
 */
class MetricsSlowClientIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The listener's request deadline is 5 s; a scrape queued behind the stalled ones waits at most that, plus slack. */
    static final Duration SCRAPE_DEADLINE = Duration.ofSeconds(15);

    @TempDir Path dir;
    HupbotProcess bot;
    final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void tenHalfOpenRequestsDoNotBlockAScrapeAndAreClosed() throws IOException {
        Path config = dir.resolve("bots.toml");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"), StandardCharsets.UTF_8);
        bot = HupbotProcess.start(config, dir.resolve("data"), ShellReloadIT.ENV, "--chat", "shell", "--metrics-port", "0");
        Matcher m = MetricsIT.METRICS_LINE.matcher(bot.awaitStderr(0, l -> MetricsIT.METRICS_LINE.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        String url = m.group(1);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        URI uri = URI.create(url);

        for (int i = 0; i < 10; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sl".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            stalled.add(socket);
        }

        long started = System.nanoTime();
        MetricsText[] scrape = new MetricsText[1];
        await().atMost(SCRAPE_DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> (scrape[0] = MetricsText.scrape(url)) != null);
        assertThat(scrape[0].value(MetricsIT.APPLIED)).isEqualTo(1);
        System.out.println("MetricsSlowClientIT: scrape answered " + (System.nanoTime() - started) / 1_000_000
                + " ms after 10 half-open requests");

        for (Socket socket : stalled) {
            socket.setSoTimeout((int) WAIT.toMillis());
            assertThat(closedByPeer(socket.getInputStream())).as("hupbot closes a request that never completes").isTrue();
        }
    }

    /** True once the server closes the connection (end of stream or reset), after any error answer it sends. */
    static boolean closedByPeer(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // an error answer before the close is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }
}
