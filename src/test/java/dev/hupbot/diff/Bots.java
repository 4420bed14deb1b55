package dev.hupbot.diff;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Test configs: a plain bot, and copies with a few fields changed. */
final class Bots {
    private Bots() {}

    static BotsConfig config(BotConfig... bots) {
        return new BotsConfig(List.of(bots));
    }

    static BotConfig bot(String name) {
        return new BotConfig(
                name,
                Secret.of("oauth:" + name + "-token"),
                null,
                true,
                Role.CHATTER,
                List.of("mychannel"),
                "!",
                "hey chat",
                List.of("nightbot"),
                0.25,
                1000,
                3000,
                ai(),
                Map.of(),
                List.of(),
                null,
                Set.of());
    }

    static AiConfig ai() {
        return new AiConfig(
                AiConfig.DEFAULT_BASE_URL,
                Secret.of("sk-or-v1-shared-key"),
                AiConfig.DEFAULT_MODEL,
                AiConfig.DEFAULT_TEMPERATURE,
                AiConfig.DEFAULT_MAX_TOKENS,
                AiConfig.DEFAULT_HISTORY_SIZE,
                AiConfig.DEFAULT_HISTORY_TTL_SECONDS,
                "You are a bot.",
                List.of(),
                AiConfig.DEFAULT_TIMEOUT_SECONDS,
                AiConfig.DEFAULT_USER_COOLDOWN_SECONDS);
    }

    /** A copy of {@code bot} with the changes {@code edit} makes to a mutable draft. */
    static BotConfig with(BotConfig bot, Consumer<Draft> edit) {
        Draft draft = new Draft(bot);
        edit.accept(draft);
        return draft.build();
    }

    /** Every component of a bot, mutable; {@code ai} as its own draft. */
    static final class Draft {
        String name;
        Secret token;
        @Nullable Secret refreshToken;
        boolean enabled;
        Role role;
        List<String> channels;
        String commandPrefix;
        String introMessage;
        List<String> ignoredUsers;
        double replyChance;
        long minDelayMs;
        long maxDelayMs;
        AiDraft ai;
        Map<String, CommandConfig> commands;
        List<TimerConfig> timers;
        @Nullable ModerationConfig moderation;
        Set<String> sensitivePaths;

        Draft(BotConfig bot) {
            name = bot.name();
            token = bot.token();
            refreshToken = bot.refreshToken();
            enabled = bot.enabled();
            role = bot.role();
            channels = new ArrayList<>(bot.channels());
            commandPrefix = bot.commandPrefix();
            introMessage = bot.introMessage();
            ignoredUsers = new ArrayList<>(bot.ignoredUsers());
            replyChance = bot.replyChance();
            minDelayMs = bot.minDelayMs();
            maxDelayMs = bot.maxDelayMs();
            ai = new AiDraft(bot.ai());
            commands = new LinkedHashMap<>(bot.commands());
            timers = new ArrayList<>(bot.timers());
            moderation = bot.moderation();
            sensitivePaths = new LinkedHashSet<>(bot.sensitivePaths());
        }

        BotConfig build() {
            return new BotConfig(name, token, refreshToken, enabled, role, channels, commandPrefix, introMessage,
                    ignoredUsers, replyChance, minDelayMs, maxDelayMs, ai.build(), commands, timers, moderation,
                    sensitivePaths);
        }
    }

    static final class AiDraft {
        String baseUrl;
        @Nullable Secret apiKey;
        String model;
        double temperature;
        int maxTokens;
        int historySize;
        long historyTtlSeconds;
        String systemPrompt;
        List<String> fallbackModels;
        long timeoutSeconds;
        long userCooldownSeconds;

        AiDraft(AiConfig ai) {
            baseUrl = ai.baseUrl();
            apiKey = ai.apiKey();
            model = ai.model();
            temperature = ai.temperature();
            maxTokens = ai.maxTokens();
            historySize = ai.historySize();
            historyTtlSeconds = ai.historyTtlSeconds();
            systemPrompt = ai.systemPrompt();
            fallbackModels = new ArrayList<>(ai.fallbackModels());
            timeoutSeconds = ai.timeoutSeconds();
            userCooldownSeconds = ai.userCooldownSeconds();
        }

        AiConfig build() {
            return new AiConfig(baseUrl, apiKey, model, temperature, maxTokens, historySize, historyTtlSeconds,
                    systemPrompt, fallbackModels, timeoutSeconds, userCooldownSeconds);
        }
    }
}
