package dev.hupbot.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hupbot.net.ListenAddress;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The metrics listener: {@code GET /metrics} in Prometheus's text format, {@code /-/healthy}, and
 * {@code POST /-/reload} when the lifecycle endpoint is on; every other path is 404.
 *
 * <p>Slow clients cannot block it: the JDK's server reads a request on a worker thread, so a
 * client that sends half a request and stalls holds that thread. Requests therefore run on a
 * small bounded pool ({@value #THREADS} threads, {@value #QUEUE} waiting; beyond that a
 * connection is closed), and {@link HttpTimeouts} makes the JDK close a connection whose request
 * has not arrived within {@link HttpTimeouts#REQUEST_SECONDS} s.
 */
public final class MetricsServer implements AutoCloseable {
    static final int THREADS = 4;
    static final int QUEUE = 64;

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ListenAddress address;

    private MetricsServer(HttpServer server, ThreadPoolExecutor pool, ListenAddress address) {
        this.server = server;
        this.pool = pool;
        this.address = address;
    }

    /** Binds and serves {@code /metrics}; port 0 picks a free one ({@link #address()} tells which). */
    public static MetricsServer start(ListenAddress address, PrometheusRegistry registry) {
        return start(address, registry, null);
    }

    /**
     * As {@link #start(ListenAddress, PrometheusRegistry)}, with {@code POST /-/reload} served by
     * {@code lifecycle} when it is not null; without it that path is 404 like any other.
     */
    public static MetricsServer start(ListenAddress address, PrometheusRegistry registry, @Nullable LifecycleHandler lifecycle) {
        HttpTimeouts.install();
        ThreadPoolExecutor pool = pool();
        HttpServer server;
        try {
            server = HttpServer.create(address.socketAddress(), 16);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new IllegalStateException("cannot serve metrics on " + address + ": " + e.getMessage()
                    + " (choose another --metrics-port, or --metrics-bind)", e);
        }
        server.setExecutor(pool);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.createContext("/-/healthy", exchange -> answer(exchange, 200, "Exporter is healthy.\n"));
        server.createContext("/", exchange -> answer(exchange, 404, "Not found: this listener serves /metrics\n"));
        if (lifecycle != null) {
            lifecycle.executor(pool);
            server.createContext(LifecycleHandler.PATH, lifecycle);
        }
        server.start();
        return new MetricsServer(server, pool, ListenAddress.of(server.getAddress()));
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger count = new AtomicInteger();
        // AbortPolicy: the JDK's dispatcher closes a connection whose exchange is refused, and
        // goes on accepting; a full queue never blocks the dispatcher.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "metrics-http-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Sends a short plain-text answer and closes the exchange. */
    static void answer(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public ListenAddress address() {
        return address;
    }

    /** {@code http://127.0.0.1:9464/metrics}: what goes into a Prometheus scrape config. */
    public String url() {
        return "http://" + address + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
