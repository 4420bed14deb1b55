package dev.hupbot.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A fake OpenAI-compatible Chat Completions endpoint on 127.0.0.1 (random port), for unit and
 * integration tests. It records every request (model, temperature, max_tokens, messages with
 * roles, the Authorization header) and answers per model: scripted replies first, in order
 * ({@link Reply#ok}, {@link Reply#status}, {@link Reply#rateLimited}, {@link Reply#slow},
 * {@link Reply#gated}), then the model's standing answer, else {@code "reply from <model>"}.
 *
 * <pre>{@code
 * try (FakeLlmServer llm = FakeLlmServer.start()) {
 *     llm.script("main-model", Reply.status(500)).answer("fallback-model", "hi there");
 *     // base_url = llm.baseUrl()
 * }
 * }</pre>
 */
public final class FakeLlmServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as the client sent it. */
    public record Turn(String role, String content) {}

    /** One recorded request. {@code authorization} is the header as sent, or null. */
    public record Request(
            String path,
            String model,
            @Nullable Double temperature,
            @Nullable Integer maxTokens,
            List<Turn> messages,
            @Nullable String authorization,
            String body) {

        /** The system message's content, or "" without one. */
        public String system() {
            return messages.stream().filter(t -> t.role().equals("system")).map(Turn::content).findFirst().orElse("");
        }

        /** Every message but the system one. */
        public List<Turn> chat() {
            return messages.stream().filter(t -> !t.role().equals("system")).toList();
        }
    }

    /** A scripted answer. */
    public record Reply(int status, @Nullable String content, @Nullable String retryAfter, Duration delay,
            @Nullable CountDownLatch gate, @Nullable String rawBody) {

        public static Reply ok(String content) {
            return new Reply(200, content, null, Duration.ZERO, null, null);
        }

        /** An error status with an OpenAI-style error body. */
        public static Reply status(int status) {
            return new Reply(status, null, null, Duration.ZERO, null, null);
        }

        /** 429 with that {@code Retry-After} header value (seconds or an HTTP date). */
        public static Reply rateLimited(String retryAfter) {
            return new Reply(429, null, retryAfter, Duration.ZERO, null, null);
        }

        /** A 200 that comes only after {@code delay} (for client timeouts). */
        public static Reply slow(Duration delay, String content) {
            return new Reply(200, content, null, delay, null, null);
        }

        /** A 200 held back until the test opens {@code gate} (for requests in flight). */
        public static Reply gated(CountDownLatch gate, String content) {
            return new Reply(200, content, null, Duration.ZERO, gate, null);
        }

        /** An error status held back until the test opens {@code gate}. */
        public static Reply gated(CountDownLatch gate, int status) {
            return new Reply(status, null, null, Duration.ZERO, gate, null);
        }

        /** Any status with exactly this body. */
        public static Reply raw(int status, String body) {
            return new Reply(status, null, null, Duration.ZERO, null, body);
        }
    }

    private final LoopbackHttp server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new HashMap<>();
    private final Map<String, String> answers = new HashMap<>();
    private volatile long oversizedBytes;
    private final AtomicLong oversizedSent = new AtomicLong();

    private FakeLlmServer() {
        server = new LoopbackHttp("fake-llm", Map.of("/", this::handle));
    }

    public static FakeLlmServer start() {
        return new FakeLlmServer();
    }

    /** What goes in {@code ai.base_url}: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server.url("/v1");
    }

    /** The model's standing answer, after any script for it is used up. */
    public synchronized FakeLlmServer answer(String model, String content) {
        answers.put(model, content);
        return this;
    }

    /** Replies for the next requests of {@code model}, in order. */
    public synchronized FakeLlmServer script(String model, Reply... replies) {
        scripts.computeIfAbsent(model, m -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    /**
     * From now on every request is answered 200 with a body of {@code bytes} bytes (the start of a
     * completion, then filler without end), streamed as it is made up; 0 to answer normally again.
     */
    public FakeLlmServer oversized(long bytes) {
        oversizedBytes = bytes;
        return this;
    }

    /** How many bytes of oversized answers clients took before hanging up, in all. */
    public long oversizedBytesSent() {
        return oversizedSent.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String model) {
        return requests.stream().filter(r -> r.model().equals(model)).toList();
    }

    public void clear() {
        requests.clear();
    }

    private synchronized Reply next(String model) {
        Deque<Reply> script = scripts.get(model);
        if (script != null && !script.isEmpty()) {
            return script.removeFirst();
        }
        return Reply.ok(answers.getOrDefault(model, "reply from " + model));
    }

    private void handle(HttpExchange exchange) {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/chat/completions")) {
                LoopbackHttp.respond(exchange, 404, "{\"error\":{\"message\":\"no such endpoint: " + path + "\"}}");
                return;
            }
            JsonNode json = JSON.readTree(body);
            String model = json.path("model").asText("");
            requests.add(record(path, json, exchange.getRequestHeaders().getFirst("Authorization"), body));
            long oversized = oversizedBytes;
            if (oversized > 0) {
                oversizedSent.addAndGet(LoopbackHttp.streamOversized(exchange,
                        "{\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"",
                        oversized));
                return;
            }
            Reply reply = next(model);
            if (!pause(reply)) {
                return;
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            LoopbackHttp.respond(exchange, reply.status(), responseBody(model, reply));
        } catch (IOException e) {
            // The client gave up (a timeout test): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private static boolean pause(Reply reply) {
        try {
            if (reply.gate() != null) {
                return reply.gate().await(60, TimeUnit.SECONDS);
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Request record(String path, JsonNode json, @Nullable String authorization, String body) {
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : json.path("messages")) {
            turns.add(new Turn(m.path("role").asText(""), m.path("content").asText("")));
        }
        JsonNode temperature = json.get("temperature");
        JsonNode maxTokens = json.get("max_tokens");
        return new Request(path, json.path("model").asText(""),
                temperature == null || !temperature.isNumber() ? null : temperature.asDouble(),
                maxTokens == null || !maxTokens.isNumber() ? null : maxTokens.asInt(),
                List.copyOf(turns), authorization, body);
    }

    private static String responseBody(String model, Reply reply) {
        if (reply.rawBody() != null) {
            return reply.rawBody();
        }
        ObjectNode root = JSON.createObjectNode();
        if (reply.status() != 200) {
            root.putObject("error").put("message", "fake failure " + reply.status()).put("code", reply.status());
            return root.toString();
        }
        root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", reply.content());
        return root.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
