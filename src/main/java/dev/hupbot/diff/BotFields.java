package dev.hupbot.diff;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
    private static final Pattern LIST_ITEM = Pattern.compile("(\\[\\d+])+$");

    private final BotConfig bot;
    private final Set<String> sensitiveFields;
    private final SortedMap<String, Leaf> fields = new TreeMap<>(PathOrder.INSTANCE);

    private BotFields(BotConfig bot) {
        this.bot = bot;
        this.sensitiveFields = sensitiveFields(bot.sensitivePaths());
    }

    /** Every field of the bot. */
    static SortedMap<String, Leaf> of(BotConfig bot) {
        BotFields flat = new BotFields(bot);
        flat.top();
        flat.ai(bot.ai());
        bot.commands().forEach(flat::command);
        List<TimerConfig> timers = bot.timers();
        for (int i = 0; i < timers.size(); i++) {
            flat.timer(i, timers.get(i));
        }
        @Nullable ModerationConfig moderation = bot.moderation();
        if (moderation != null) {
            flat.moderation(moderation);
        }
        return flat.fields;
    }

    /** Two versions of a bot flattened side by side; see {@link #differing}. */
    record Sides(SortedMap<String, Leaf> before, SortedMap<String, Leaf> after) {}

    /**
     * Both versions of a bot, flattened but for the sections (ai, each command, each timer,
     * moderation) that are equal records in both: an equal section flattens to equal fields, so
     * it cannot hold a change, and skipping it keeps a change to {@code [defaults]}, which makes
     * every bot unequal, from costing a full flattening of every bot.
     */
    static Sides differing(BotConfig before, BotConfig after) {
        BotFields old = new BotFields(before);
        BotFields now = new BotFields(after);
        old.top();
        now.top();
        if (!before.ai().equals(after.ai())) {
            old.ai(before.ai());
            now.ai(after.ai());
        }
        Set<String> commandNames = new HashSet<>(before.commands().keySet());
        commandNames.addAll(after.commands().keySet());
        for (String name : commandNames) {
            @Nullable CommandConfig was = before.commands().get(name);
            @Nullable CommandConfig is = after.commands().get(name);
            if (!Objects.equals(was, is)) {
                if (was != null) {
                    old.command(name, was);
                }
                if (is != null) {
                    now.command(name, is);
                }
            }
        }
        List<TimerConfig> oldTimers = before.timers();
        List<TimerConfig> newTimers = after.timers();
        for (int i = 0; i < Math.max(oldTimers.size(), newTimers.size()); i++) {
            @Nullable TimerConfig was = i < oldTimers.size() ? oldTimers.get(i) : null;
            @Nullable TimerConfig is = i < newTimers.size() ? newTimers.get(i) : null;
            if (!Objects.equals(was, is)) {
                if (was != null) {
                    old.timer(i, was);
                }
                if (is != null) {
                    now.timer(i, is);
                }
            }
        }
        @Nullable ModerationConfig wasModeration = before.moderation();
        @Nullable ModerationConfig isModeration = after.moderation();
        if (!Objects.equals(wasModeration, isModeration)) {
            if (wasModeration != null) {
                old.moderation(wasModeration);
            }
            if (isModeration != null) {
                now.moderation(isModeration);
            }
        }
        return new Sides(old.fields, now.fields);
    }

    /** The bot's own keys, outside any table: few and cheap, so always flattened. */
    private void top() {
        secret(FieldPaths.TOKEN, bot.token());
        secret(FieldPaths.REFRESH_TOKEN, bot.refreshToken());
        plain(FieldPaths.ENABLED, Boolean.toString(bot.enabled()));
        string(FieldPaths.ROLE, bot.role().key());
        string(FieldPaths.PRESENCE, bot.presence().key());
        plain(FieldPaths.CHANNELS, Values.set(bot.channels()));
        string(FieldPaths.COMMAND_PREFIX, bot.commandPrefix());
        string(FieldPaths.INTRO_MESSAGE, bot.introMessage());
        plain(FieldPaths.IGNORED_USERS, Values.set(bot.ignoredUsers()));
        plain(FieldPaths.REPLY_CHANCE, Values.number(bot.replyChance()));
        plain(FieldPaths.MIN_DELAY_MS, Long.toString(bot.minDelayMs()));
        plain(FieldPaths.MAX_DELAY_MS, Long.toString(bot.maxDelayMs()));
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
        plain(FieldPaths.AI_USER_COOLDOWN_SECONDS, Long.toString(ai.userCooldownSeconds()));
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
            fields.put(path, new Leaf(raw, true, true));
        }
    }

    private void string(String path, String value) {
        fields.put(path, new Leaf(value, true, sensitive(path)));
    }

    private void plain(String path, String text) {
        fields.put(path, new Leaf(text, false, sensitive(path)));
    }

    private boolean sensitive(String path) {
        return sensitiveFields.contains(path);
    }

    /**
     * The fields holding a sensitive value. The loader names list items ({@code channels[1]},
     * {@code moderation.rules[0]}); the diff shows a list as one field, so one sensitive item
     * makes the whole list sensitive.
     */
    private static Set<String> sensitiveFields(Set<String> paths) {
        if (paths.isEmpty()) {
            return Set.of();
        }
        Set<String> fields = new HashSet<>();
        for (String path : paths) {
            fields.add(LIST_ITEM.matcher(path).replaceFirst(""));
        }
        return fields;
    }
}
