package dev.hupbot.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.logging.RepeatedWarnings;
import dev.hupbot.net.BodyTooLargeException;
import dev.hupbot.net.CappedBody;
import dev.hupbot.net.UrlRedactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible Chat Completions client ({@code POST {base_url}/chat/completions}). Tries
 * the request's models in order: a model that fails, times out or stays rate-limited hands over
 * to the next fallback. 429 and 5xx are retried per {@link RetryPolicy}, honouring
 * {@code Retry-After}. The temperature goes on the wire exactly as configured, 0 included.
 */
public final class LlmClient {
    private static final Logger log = LoggerFactory.getLogger(LlmClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 200;
    /** Each request's own timeout (ai.timeout_seconds) bounds the whole exchange; this only the connect. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final RepeatedWarnings fallbacks;

    public LlmClient(HttpClient http, Clock clock, Sleeper sleeper, RetryPolicy policy) {
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
        this.fallbacks = new RepeatedWarnings(log, clock);
    }

    /** A client on its own JDK HttpClient (daemon threads), real sleeping, the default policy. */
    public static LlmClient create(Clock clock) {
        return new LlmClient(defaultHttpClient(), clock, Sleeper.REAL, RetryPolicy.DEFAULT);
    }

    static HttpClient defaultHttpClient() {
        // HTTP/1.1: plain-http endpoints (local servers, proxies) choke on the h2c upgrade.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * The first model's answer that works: the text of {@code choices[0].message.content}.
     *
     * @throws LlmException when no model answered; the message names each model and why
     */
    public String complete(LlmRequest request) {
        List<String> failures = new ArrayList<>();
        List<String> models = request.models();
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            Result result = tryModel(request, model);
            if (result.content != null) {
                return result.content;
            }
            failures.add(model + ": " + result.failure);
            if (result.fatal) {
                break;
            }
            if (i + 1 < models.size()) {
                // counted, not repeated: with the endpoint down every request fails over alike
                fallbacks.warn(request.bot(), "fallback " + model, "bot=" + request.bot() + " model " + model + " failed ("
                        + LogSafe.text(result.failure) + "); trying fallback " + models.get(i + 1));
            }
        }
        throw new LlmException(String.join("; ", failures));
    }

    private Result tryModel(LlmRequest request, String model) {
        for (int retry = 0; ; retry++) {
            Result result = exchange(request, model);
            if (!result.retryable) {
                return result;
            }
            if (retry >= policy.maxRetries()) {
                return Result.failed(result.failure + ", gave up after " + (retry + 1) + " tries", false);
            }
            Duration wait = result.retryAfter != null ? result.retryAfter : policy.backoff(retry);
            if (wait.compareTo(policy.maxWait()) > 0) {
                return Result.failed(result.failure + ", Retry-After " + wait.toSeconds() + "s is longer than the "
                        + policy.maxWait().toSeconds() + "s worth waiting", false);
            }
            log.info("bot={} model {} answered {}; retry {}/{} in {} ms", request.bot(), model, LogSafe.text(result.failure),
                    retry + 1, policy.maxRetries(), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed("interrupted while waiting to retry", true);
            }
        }
    }

    private Result exchange(LlmRequest request, String model) {
        HttpRequest http;
        URI uri;
        try {
            uri = URI.create(request.baseUrl() + "/chat/completions");
            http = HttpRequest.newBuilder(uri)
                    .timeout(request.timeout())
                    .header("Authorization", "Bearer " + request.apiKey().reveal())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(request, model)))
                    .build();
        } catch (IllegalArgumentException e) {
            return Result.failed("ai.base_url " + shownUrl(request) + " is not a usable URL", true);
        }
        // Capped: an endpoint that streams without end costs 1 MiB, never the heap.
        CompletableFuture<HttpResponse<String>> pending = this.http.sendAsync(http,
                CappedBody.ofString("AI endpoint", uri, "ai.base_url"));
        HttpResponse<String> response;
        try {
            // The request timeout covers the wait for headers only; this bounds the whole exchange.
            response = pending.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Result.failed(timedOut(request), false);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Result.failed("interrupted", true);
        } catch (ExecutionException e) {
            Optional<BodyTooLargeException> tooLarge = CappedBody.tooLarge(e.getCause());
            if (tooLarge.isPresent()) {
                // the fallbacks share the endpoint: asking them would only read another 1 MiB each
                return Result.failed(tooLarge.get().getMessage(), true);
            }
            return Result.failed(describe(e.getCause(), request), false);
        }
        return interpret(request, response);
    }

    private Result interpret(LlmRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 200) {
            return content(request, body);
        }
        String failure = "HTTP " + status + errorDetail(request, body);
        if (status == 429 || status == 408 || status >= 500) {
            return Result.retry(failure, retryAfter(response));
        }
        if (status == 401 || status == 403) {
            // The key is the same for every model: falling back would only repeat the refusal.
            return Result.failed(failure + " (the API key was refused: check ai.api_key)", true);
        }
        return Result.failed(failure, false);
    }

    private static Result content(LlmRequest request, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Result.failed("HTTP 200 with a body that is not JSON", false);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            String error = root.path("error").path("message").asText("");
            return Result.failed(error.isEmpty() ? "HTTP 200 without choices[0].message.content"
                    : "HTTP 200 with error: " + redact(request, error), false);
        }
        if (content.asText().isBlank()) {
            return Result.failed("HTTP 200 with an empty message", false);
        }
        return Result.ok(content.asText());
    }

    private @Nullable Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit) && value.length() < 10) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String body(LlmRequest request, String model) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatTurn turn : request.messages()) {
            messages.addObject().put("role", turn.role().wire()).put("content", turn.content());
        }
        body.put("temperature", request.temperature());
        body.put("max_tokens", request.maxTokens());
        return body.toString();
    }

    private static String timedOut(LlmRequest request) {
        return "no answer within " + shown(request.timeout()) + " (ai.timeout_seconds)";
    }

    private static String shown(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + " ms";
    }

    private static String describe(@Nullable Throwable cause, LlmRequest request) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect to " + shownUrl(request) + " within " + shown(request.timeout());
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(request);
        }
        if (cause == null) {
            return "request failed";
        }
        String message = cause.getMessage();
        return "could not reach " + shownUrl(request) + ": " + cause.getClass().getSimpleName()
                + (message == null ? "" : " " + redact(request, message));
    }

    /** The server's own explanation, short: OpenAI-style {@code error.message}, or the body's start. */
    private static String errorDetail(LlmRequest request, String body) {
        String detail = body.strip();
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                detail = message.asText();
            }
        } catch (IOException e) {
            // not JSON: show the text itself
        }
        if (detail.isEmpty()) {
            return "";
        }
        detail = redact(request, detail.replaceAll("\\s+", " "));
        return ": " + (detail.length() > SNIPPET ? detail.substring(0, SNIPPET) + "..." : detail);
    }

    /** The base URL as an error may print it: no user info, query or API key (a key in the path included). */
    private static String shownUrl(LlmRequest request) {
        return UrlRedactor.redact(request.baseUrl(), List.of(request.apiKey()));
    }

    /** Some providers echo the key they refused; it must not reach a log line through us. */
    private static String redact(LlmRequest request, String text) {
        String key = request.apiKey().reveal();
        return key.isEmpty() ? text : text.replace(key, request.apiKey().redacted());
    }

    /** One exchange's result: content, or a failure that is retryable, final for this model, or final for all. */
    private static final class Result {
        final @Nullable String content;
        final String failure;
        final boolean retryable;
        final boolean fatal;
        final @Nullable Duration retryAfter;

        private Result(@Nullable String content, String failure, boolean retryable, boolean fatal,
                @Nullable Duration retryAfter) {
            this.content = content;
            this.failure = failure;
            this.retryable = retryable;
            this.fatal = fatal;
            this.retryAfter = retryAfter;
        }

        static Result ok(String content) {
            return new Result(content, "", false, false, null);
        }

        static Result failed(String failure, boolean fatal) {
            return new Result(null, failure, false, fatal, null);
        }

        static Result retry(String failure, @Nullable Duration retryAfter) {
            return new Result(null, failure, true, false, retryAfter);
        }
    }
}
