package dev.hupbot.metrics;

import dev.hupbot.net.ListenAddress;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** The Prometheus endpoint: {@code GET /metrics} in the text format, on the address asked for. */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final ListenAddress address;

    private MetricsServer(HTTPServer server, ListenAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Binds and serves; port 0 picks a free one ({@link #address()} tells which). */
    public static MetricsServer start(ListenAddress address, PrometheusRegistry registry) {
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(address.host())
                    .port(address.port())
                    .registry(registry)
                    .buildAndStart();
            return new MetricsServer(server, new ListenAddress(address.host(), server.getPort()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on " + address + ": " + e.getMessage()
                    + " (choose another --metrics-port, or --metrics-bind)", e);
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
        server.close();
    }
}
