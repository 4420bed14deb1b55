package dev.hupbot.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hupbot.audit.Outcome;
import dev.hupbot.reload.ReloadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /-/reload} ({@code run --enable-lifecycle}, Prometheus's name): runs a reload and
 * answers when it ends, 200 for APPLIED and UNCHANGED, 500 for REJECTED and PARTIAL, with the
 * reload as JSON. Requests go through the coordinator like signals, so concurrent POSTs fold
 * into one reload and each gets its answer. The request thread is not held while the reload
 * runs: the answer is written from the listener's pool when the reload ends.
 */
public final class LifecycleHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(LifecycleHandler.class);
    public static final String PATH = "/-/reload";
    /** How long a POST waits for its reload before it answers 503. */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Starts a reload (trigger HTTP); the future completes when the reload that covers it ends. */
    @FunctionalInterface
    public interface Reloader {
        CompletableFuture<ReloadResult> reload();
    }

    /** The JSON body for a finished reload. */
    @FunctionalInterface
    public interface Body {
        String json(ReloadResult result);
    }

    private final Reloader reloader;
    private final Body body;
    private volatile Executor executor = Runnable::run;

    public LifecycleHandler(Reloader reloader, Body body) {
        this.reloader = reloader;
        this.body = body;
    }

    /** Where answers are written: the listener's own pool, never the coordinator's thread. */
    void executor(Executor pool) {
        this.executor = pool;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            MetricsServer.answer(exchange, 404, "Not found: this listener serves /metrics and POST " + PATH + "\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            MetricsServer.answer(exchange, 405, "Method not allowed: use POST " + PATH + "\n");
            return;
        }
        CompletableFuture<ReloadResult> reload;
        try {
            reload = reloader.reload();
        } catch (RuntimeException e) {
            reload = CompletableFuture.failedFuture(e);
        }
        reload.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .whenCompleteAsync((result, failure) -> respond(exchange, result, failure), this::execute);
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // a full pool must not leave a client without its answer
        }
    }

    private void respond(HttpExchange exchange, @Nullable ReloadResult result, @Nullable Throwable failure) {
        try {
            if (failure == null && result != null) {
                boolean good = result.outcome() == Outcome.APPLIED || result.outcome() == Outcome.UNCHANGED;
                json(exchange, good ? 200 : 500, body.json(result));
            } else {
                json(exchange, 503, "{\"error\": \"" + reason(failure == null ? new IllegalStateException() : failure) + "\"}\n");
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not answer {}: {}", PATH, e.toString()); // the client went away
            exchange.close();
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "the reload did not end within " + WAIT.toSeconds() + " s; it goes on: see hupbot history";
        }
        if (cause instanceof CancellationException) {
            return "hupbot is stopping; no reload ran";
        }
        return "hupbot is not ready to reload yet; try again when it runs";
    }

    private static void json(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
