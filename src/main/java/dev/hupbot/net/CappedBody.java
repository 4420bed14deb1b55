package dev.hupbot.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one way hupbot reads an HTTP answer: as UTF-8 text of at most {@link #MAX_BYTES}. The body
 * is pulled one chunk at a time and copied into a buffer that never grows past the cap; the first
 * chunk beyond it cancels the exchange (the JDK client closes the connection) and fails the call
 * with a {@link BodyTooLargeException} whose message names the endpoint, redacted, and what to
 * check. A misbehaving or hostile server can cost us 1 MiB per call, never the heap.
 *
 * <p>Use {@link #send} for a blocking call: it also bounds the whole exchange (the JDK's request
 * timeout stops at the response headers, so a server that trickles its body would otherwise hold
 * the caller for ever).
 */
public final class CappedBody {
    /** 1 MiB: hundreds of times what any chat completion, Helix or OAuth answer needs. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** {@link #MAX_BYTES} as the README and error messages say it. */
    public static final String MAX_SHOWN = "1 MiB";

    private CappedBody() {}

    /**
     * A handler that keeps at most {@link #MAX_BYTES} of the body.
     *
     * @param endpoint what the server is, for the error ({@code "AI endpoint"})
     * @param uri the request's URI; only its scheme, host and port reach the error
     * @param fix the setting to check ({@code "ai.base_url"})
     */
    public static HttpResponse.BodyHandler<String> ofString(String endpoint, URI uri, String fix) {
        return ofString(MAX_BYTES, MAX_SHOWN, endpoint, uri, fix);
    }

    static HttpResponse.BodyHandler<String> ofString(int cap, String shownCap, String endpoint, URI uri, String fix) {
        String message = endpoint + " " + redact(uri) + " answered more than " + shownCap + "; check " + fix;
        // a declared length over the cap fails before the first byte is read
        return info -> new Subscriber(cap, message, info.headers().firstValueAsLong("Content-Length").orElse(-1) > cap);
    }

    /**
     * Sends {@code request} and reads its capped body, all within {@code deadline}.
     *
     * @throws BodyTooLargeException the answer was longer than {@link #MAX_BYTES}
     * @throws HttpTimeoutException no complete answer within {@code deadline}
     * @throws IOException the exchange failed (refused, reset, TLS...)
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request,
            HttpResponse.BodyHandler<String> handler, Duration deadline) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, handler);
        try {
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Optional<BodyTooLargeException> tooLarge = tooLarge(cause);
            if (tooLarge.isPresent()) {
                throw tooLarge.get();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getClass().getSimpleName(), cause);
        }
    }

    /** The {@link BodyTooLargeException} somewhere in {@code failure}'s causes (the JDK client wraps it). */
    public static Optional<BodyTooLargeException> tooLarge(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLargeException found) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code https://host:port/...}: scheme, host and port only. User info, query and fragment are
     * dropped and the path is elided, since any of them may carry a key.
     */
    public static String redact(URI uri) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return "(a URL that is not absolute)";
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath();
        boolean more = (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null;
        return scheme + "://" + host + port + (more ? "/..." : "");
    }

    /** Requests one chunk at a time, so the client never reads far ahead of the cap. */
    private static final class Subscriber implements HttpResponse.BodySubscriber<String> {
        private final int cap;
        private final String message;
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.@Nullable Subscription subscription;

        private final boolean declaredTooLarge;

        Subscriber(int cap, String message, boolean declaredTooLarge) {
            this.cap = cap;
            this.message = message;
            this.declaredTooLarge = declaredTooLarge;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredTooLarge) {
                s.cancel();
                result.completeExceptionally(new BodyTooLargeException(message));
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunk) {
            Flow.Subscription s = subscription;
            if (result.isDone() || s == null) {
                return;
            }
            for (ByteBuffer buffer : chunk) {
                if (buffer.remaining() > cap - bytes.size()) {
                    s.cancel();
                    result.completeExceptionally(new BodyTooLargeException(message));
                    return;
                }
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                bytes.write(copy, 0, copy.length);
            }
            s.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
