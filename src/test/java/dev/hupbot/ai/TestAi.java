package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.AiConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** AI settings and chat lines for tests. */
final class TestAi {
    static final String KEY = "sk-test-0123456789abcdef";
    static final String MODEL = "main-model";
    static final String FALLBACK = "fallback-model";
    private static final AtomicLong IDS = new AtomicLong();

    private TestAi() {}

    /**
     * Usable settings against {@code baseUrl}: MODEL with FALLBACK, temperature 0.7, 10 lines, 600 s,
     * and no per-viewer cooldown, so tests about other things may send one viewer's lines in a row
     * (the cooldown's own tests set it with {@link #withUserCooldown}).
     */
    static AiConfig ai(String baseUrl, String prompt) {
        return new AiConfig(baseUrl, Secret.of(KEY), MODEL, 0.7, 150, 10, 600, prompt, List.of(FALLBACK), 5, 0);
    }

    static AiConfig withUserCooldown(AiConfig ai, long seconds) {
        return ai.withUserCooldownSeconds(seconds);
    }

    static AiConfig withTemperature(AiConfig ai, double temperature) {
        return new AiConfig(ai.baseUrl(), ai.apiKey(), ai.model(), temperature, ai.maxTokens(), ai.historySize(),
                ai.historyTtlSeconds(), ai.systemPrompt(), ai.fallbackModels(), ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    static AiConfig withPrompt(AiConfig ai, String prompt) {
        return new AiConfig(ai.baseUrl(), ai.apiKey(), ai.model(), ai.temperature(), ai.maxTokens(), ai.historySize(),
                ai.historyTtlSeconds(), prompt, ai.fallbackModels(), ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    static AiConfig withHistory(AiConfig ai, int size, long ttlSeconds) {
        return new AiConfig(ai.baseUrl(), ai.apiKey(), ai.model(), ai.temperature(), ai.maxTokens(), size, ttlSeconds,
                ai.systemPrompt(), ai.fallbackModels(), ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    static AiConfig withKey(AiConfig ai, String key) {
        return new AiConfig(ai.baseUrl(), Secret.of(key), ai.model(), ai.temperature(), ai.maxTokens(), ai.historySize(),
                ai.historyTtlSeconds(), ai.systemPrompt(), ai.fallbackModels(), ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    static AiConfig withoutKey(AiConfig ai) {
        return new AiConfig(ai.baseUrl(), null, ai.model(), ai.temperature(), ai.maxTokens(), ai.historySize(),
                ai.historyTtlSeconds(), ai.systemPrompt(), ai.fallbackModels(), ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    static AiConfig withModels(AiConfig ai, String model, List<String> fallbacks) {
        return new AiConfig(ai.baseUrl(), ai.apiKey(), model, ai.temperature(), ai.maxTokens(), ai.historySize(),
                ai.historyTtlSeconds(), ai.systemPrompt(), fallbacks, ai.timeoutSeconds(), ai.userCooldownSeconds());
    }

    /** A viewer's line in #mychannel with a fresh id. */
    static ChatMessage line(String user, String text) {
        return line("mychannel", user, text);
    }

    static ChatMessage line(String channel, String user, String text) {
        return new ChatMessage(channel, user, user, text, Permission.EVERYONE, Instant.EPOCH,
                "msg-" + IDS.incrementAndGet(), user, channel);
    }

    /** A line with Twitch's numeric ids, as the moderator needs them. */
    static ChatMessage twitchLine(String user, String userId, String text, Permission level) {
        return new ChatMessage("mychannel", user, user, text, level, Instant.EPOCH, "msg-" + IDS.incrementAndGet(),
                userId, "5000");
    }
}
