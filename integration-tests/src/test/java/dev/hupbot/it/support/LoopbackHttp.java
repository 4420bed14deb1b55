package dev.hupbot.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A JSON HTTP server on a free port of 127.0.0.1, its handlers on daemon threads (a test that
 * forgets to close it cannot keep the JVM alive): the ground the fake Helix and LLM servers stand
 * on, and the JSON reply and form decoding the fake Twitch server shares with them.
 */
public final class LoopbackHttp implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, the body waits for the
        // client's delayed ACK (~40 ms a response), which would be measured as hupbot's latency.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService handlers;

    /** Serves {@code routes} (path prefix to handler), handler threads named {@code threadName}. */
    public LoopbackHttp(String threadName, Map<String, HttpHandler> routes) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        routes.forEach(server::createContext);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Sends {@code json} with {@code status} and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Answers 200 with a body of {@code bytes} bytes in all, {@code prefix} (the start of a
     * plausible JSON answer) and then filler, made up while it is written: the test holds none of
     * it. Chunked, so the client cannot tell the size from the headers. Returns how many bytes the
     * client took before it hung up (or all of them).
     */
    public static long streamOversized(HttpExchange exchange, String prefix, long bytes) {
        long written = 0;
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'a');
            byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(start, 0, block, 0, Math.min(start.length, block.length));
            try (OutputStream out = exchange.getResponseBody()) {
                while (written < bytes) {
                    int n = (int) Math.min(block.length, bytes - written);
                    out.write(block, 0, n);
                    written += n;
                    if (written == n) {
                        Arrays.fill(block, 0, Math.min(start.length, block.length), (byte) 'a');
                    }
                }
            }
        } catch (IOException e) {
            // the client hung up: what a cap does
        }
        return written;
    }

    /** The fields of a form body or query string ({@code a=1&b=2}), decoded; a bare key maps to "". */
    public static Map<String, String> form(@Nullable String raw) {
        Map<String, String> form = new HashMap<>();
        if (raw == null) {
            return form;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
