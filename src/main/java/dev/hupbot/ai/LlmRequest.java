package dev.hupbot.ai;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Everything one completion needs, taken from ONE snapshot of a bot's {@link AiConfig}: a reload
 * while the request runs cannot mix old and new settings into it.
 *
 * @param bot who asks, for log lines
 * @param models the model first, then the fallbacks in order, each once
 * @param timeout the limit on each HTTP exchange, connecting included
 */
public record LlmRequest(
        String bot,
        String baseUrl,
        Secret apiKey,
        List<String> models,
        List<ChatTurn> messages,
        double temperature,
        int maxTokens,
        Duration timeout) {

    public LlmRequest {
        models = List.copyOf(models);
        messages = List.copyOf(messages);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an LLM request needs at least one model");
        }
    }

    /**
     * A request with {@code ai}'s settings. The caller has checked {@link AiConfig#usable()}.
     *
     * @throws IllegalStateException if the config has no API key
     */
    public static LlmRequest of(String bot, AiConfig ai, List<ChatTurn> messages, int maxTokens) {
        Secret key = ai.apiKey();
        if (key == null || key.isEmpty()) {
            throw new IllegalStateException("bot " + bot + " has no ai.api_key");
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        models.add(ai.model());
        models.addAll(ai.fallbackModels());
        return new LlmRequest(bot, TwitchApi.withoutTrailingSlash(ai.baseUrl()), key, new ArrayList<>(models),
                messages, ai.temperature(), maxTokens, Duration.ofSeconds(ai.timeoutSeconds()));
    }
}
