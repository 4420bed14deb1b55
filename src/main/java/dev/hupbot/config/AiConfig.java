package dev.hupbot.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * LLM settings of one bot (OpenAI-compatible Chat Completions). A bot with no API key or no
 * system prompt does not answer with AI. {@code userCooldownSeconds}: after a viewer's line
 * starts a request of this bot, that viewer's lines start none for that long (and never while
 * one is still in flight).
 */
public record AiConfig(
        String baseUrl,
        @Nullable Secret apiKey,
        String model,
        double temperature,
        int maxTokens,
        int historySize,
        long historyTtlSeconds,
        String systemPrompt,
        List<String> fallbackModels,
        long timeoutSeconds,
        long userCooldownSeconds) {

    public static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
    public static final String DEFAULT_MODEL = "deepseek/deepseek-chat";
    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final int DEFAULT_MAX_TOKENS = 150;
    public static final int DEFAULT_HISTORY_SIZE = 10;
    public static final long DEFAULT_HISTORY_TTL_SECONDS = 600;
    public static final long DEFAULT_TIMEOUT_SECONDS = 30;
    /** Per viewer: one viewer's flood must not spend the AI budget (bots × lines requests). */
    public static final long DEFAULT_USER_COOLDOWN_SECONDS = 10;
    public static final long MAX_USER_COOLDOWN_SECONDS = 3600;

    public AiConfig {
        fallbackModels = List.copyOf(fallbackModels);
    }

    /** Settings with the default {@code user_cooldown_seconds}. */
    public AiConfig(String baseUrl, @Nullable Secret apiKey, String model, double temperature, int maxTokens,
            int historySize, long historyTtlSeconds, String systemPrompt, List<String> fallbackModels,
            long timeoutSeconds) {
        this(baseUrl, apiKey, model, temperature, maxTokens, historySize, historyTtlSeconds, systemPrompt,
                fallbackModels, timeoutSeconds, DEFAULT_USER_COOLDOWN_SECONDS);
    }

    /** The same settings with another {@code user_cooldown_seconds}. */
    public AiConfig withUserCooldownSeconds(long seconds) {
        return new AiConfig(baseUrl, apiKey, model, temperature, maxTokens, historySize, historyTtlSeconds,
                systemPrompt, fallbackModels, timeoutSeconds, seconds);
    }

    /** A key to send: set, and not the example's placeholder (which no endpoint takes). */
    public boolean usable() {
        return apiKey != null && !apiKey.isEmpty() && !placeholderKey();
    }

    /** The key is still the placeholder text of {@code config/.env.example}. */
    public boolean placeholderKey() {
        return apiKey != null && ExamplePlaceholders.holds(apiKey.reveal());
    }
}
