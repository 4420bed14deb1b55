package dev.hupbot.diff;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Flattens a bot into property path → {@link Leaf}, the form {@link ConfigDiff} compares. Which
 * lists are sets is decided here:
 *
 * <ul>
 *   <li>sets (reordering is no change, printed sorted): {@code channels}, {@code ignored_users},
 *       {@code commands.*.aliases} (names that all trigger the same command) and {@code
 *       moderation.exempt_roles} (printed in rank order);
 *   <li>ordered: {@code ai.fallback_models} (the order models are tried in) and {@code
 *       moderation.rules} (given to the model in that order, so a reorder changes its prompt);
 *   <li>timers are positional, {@code timers[0]} …: they have no name to match them by.
 * </ul>
 *
 * Absent optional values ({@code refresh_token}, {@code ai.api_key}, the whole moderation table)
 * have no path, so adding one shows as ADDED and dropping it as REMOVED.
 */
final class BotFields {
    private final BotConfig bot;
    private final SortedMap<String, Leaf> fields = new TreeMap<>(PathOrder.INSTANCE);

    private BotFields(BotConfig bot) {
        this.bot = bot;
    }

    static SortedMap<String, Leaf> of(BotConfig bot) {
        BotFields flat = new BotFields(bot);
        flat.collect();
        return flat.fields;
    }

    private void collect() {
        secret(FieldPaths.TOKEN, bot.token());
        secret(FieldPaths.REFRESH_TOKEN, bot.refreshToken());
        plain(FieldPaths.ENABLED, Boolean.toString(bot.enabled()));
        string(FieldPaths.ROLE, bot.role().key());
        plain(FieldPaths.CHANNELS, Values.set(bot.channels()));
        string(FieldPaths.COMMAND_PREFIX, bot.commandPrefix());
        string(FieldPaths.INTRO_MESSAGE, bot.introMessage());
        plain(FieldPaths.IGNORED_USERS, Values.set(bot.ignoredUsers()));
        plain(FieldPaths.REPLY_CHANCE, Values.number(bot.replyChance()));
        plain(FieldPaths.MIN_DELAY_MS, Long.toString(bot.minDelayMs()));
        plain(FieldPaths.MAX_DELAY_MS, Long.toString(bot.maxDelayMs()));
        ai(bot.ai());
        for (Map.Entry<String, CommandConfig> entry : bot.commands().entrySet()) {
            command(entry.getKey(), entry.getValue());
        }
        List<TimerConfig> timers = bot.timers();
        for (int i = 0; i < timers.size(); i++) {
            timer(i, timers.get(i));
        }
        ModerationConfig moderation = bot.moderation();
        if (moderation != null) {
            moderation(moderation);
        }
    }

    private void ai(AiConfig ai) {
        string(FieldPaths.AI_BASE_URL, ai.baseUrl());
        secret(FieldPaths.AI_API_KEY, ai.apiKey());
        string(FieldPaths.AI_MODEL, ai.model());
        plain(FieldPaths.AI_TEMPERATURE, Values.number(ai.temperature()));
        plain(FieldPaths.AI_MAX_TOKENS, Integer.toString(ai.maxTokens()));
        plain(FieldPaths.AI_HISTORY_SIZE, Integer.toString(ai.historySize()));
        plain(FieldPaths.AI_HISTORY_TTL_SECONDS, Long.toString(ai.historyTtlSeconds()));
        string(FieldPaths.AI_SYSTEM_PROMPT, ai.systemPrompt());
        plain(FieldPaths.AI_FALLBACK_MODELS, Values.list(ai.fallbackModels()));
        plain(FieldPaths.AI_TIMEOUT_SECONDS, Long.toString(ai.timeoutSeconds()));
    }

    private void command(String name, CommandConfig command) {
        string(FieldPaths.command(name, FieldPaths.COMMAND_RESPONSE), command.response());
        plain(FieldPaths.command(name, FieldPaths.COMMAND_ALIASES), Values.set(command.aliases()));
        plain(FieldPaths.command(name, FieldPaths.COMMAND_COOLDOWN_SECONDS), Long.toString(command.cooldownSeconds()));
        plain(
                FieldPaths.command(name, FieldPaths.COMMAND_USER_COOLDOWN_SECONDS),
                Long.toString(command.userCooldownSeconds()));
        string(FieldPaths.command(name, FieldPaths.COMMAND_PERMISSION), command.permission().key());
    }

    private void timer(int index, TimerConfig timer) {
        string(FieldPaths.timer(index, FieldPaths.TIMER_MESSAGE), timer.message());
        plain(FieldPaths.timer(index, FieldPaths.TIMER_INTERVAL_SECONDS), Long.toString(timer.intervalSeconds()));
        plain(FieldPaths.timer(index, FieldPaths.TIMER_MIN_CHAT_LINES), Integer.toString(timer.minChatLines()));
    }

    private void moderation(ModerationConfig moderation) {
        plain(FieldPaths.MODERATION_RULES, Values.list(moderation.rules()));
        plain(FieldPaths.MODERATION_CHECK_INTERVAL_SECONDS, Long.toString(moderation.checkIntervalSeconds()));
        plain(FieldPaths.MODERATION_MAX_TIMEOUT_SECONDS, Long.toString(moderation.maxTimeoutSeconds()));
        EnumSet<Permission> exempt = EnumSet.noneOf(Permission.class);
        exempt.addAll(moderation.exemptRoles());
        plain(FieldPaths.MODERATION_EXEMPT_ROLES, Values.join(exempt, p -> Values.quote(p.key())));
        plain(FieldPaths.MODERATION_DRY_RUN, Boolean.toString(moderation.dryRun()));
    }

    private void secret(String path, @Nullable Secret value) {
        if (value != null) {
            String raw = value.reveal();
            fields.put(path, new Leaf(Values.quote(raw), raw, true));
        }
    }

    private void string(String path, String value) {
        fields.put(path, new Leaf(Values.quote(value), value, sensitive(path)));
    }

    private void plain(String path, String text) {
        fields.put(path, new Leaf(text, text, sensitive(path)));
    }

    private boolean sensitive(String path) {
        return bot.sensitivePaths().contains(path);
    }
}
