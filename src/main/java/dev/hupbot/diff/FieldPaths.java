package dev.hupbot.diff;

/**
 * Property paths of a bot, as they appear in diffs, logs and audit rows, and the apply table:
 * the one place that says how a change to each field reaches a live bot. Paths use the file's
 * own snake_case keys; per-command paths are {@code commands.<name>.<key>}, per-timer paths
 * {@code timers[<index>].<key>}.
 */
public final class FieldPaths {
    private FieldPaths() {}

    /** A whole bot added or removed. */
    public static final String BOT = "bot";

    public static final String TOKEN = "token";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String ENABLED = "enabled";
    public static final String ROLE = "role";
    public static final String PRESENCE = "presence";
    public static final String CHANNELS = "channels";
    public static final String COMMAND_PREFIX = "command_prefix";
    public static final String INTRO_MESSAGE = "intro_message";
    public static final String IGNORED_USERS = "ignored_users";
    public static final String REPLY_CHANCE = "reply_chance";
    public static final String MIN_DELAY_MS = "min_delay_ms";
    public static final String MAX_DELAY_MS = "max_delay_ms";

    public static final String AI_BASE_URL = "ai.base_url";
    public static final String AI_API_KEY = "ai.api_key";
    public static final String AI_MODEL = "ai.model";
    public static final String AI_TEMPERATURE = "ai.temperature";
    public static final String AI_MAX_TOKENS = "ai.max_tokens";
    public static final String AI_HISTORY_SIZE = "ai.history_size";
    public static final String AI_HISTORY_TTL_SECONDS = "ai.history_ttl_seconds";
    public static final String AI_SYSTEM_PROMPT = "ai.system_prompt";
    public static final String AI_FALLBACK_MODELS = "ai.fallback_models";
    public static final String AI_TIMEOUT_SECONDS = "ai.timeout_seconds";
    public static final String AI_USER_COOLDOWN_SECONDS = "ai.user_cooldown_seconds";

    public static final String COMMANDS = "commands";
    public static final String COMMAND_RESPONSE = "response";
    public static final String COMMAND_ALIASES = "aliases";
    public static final String COMMAND_COOLDOWN_SECONDS = "cooldown_seconds";
    public static final String COMMAND_USER_COOLDOWN_SECONDS = "user_cooldown_seconds";
    public static final String COMMAND_PERMISSION = "permission";

    public static final String TIMERS = "timers";
    public static final String TIMER_MESSAGE = "message";
    public static final String TIMER_INTERVAL_SECONDS = "interval_seconds";
    public static final String TIMER_MIN_CHAT_LINES = "min_chat_lines";

    public static final String MODERATION_RULES = "moderation.rules";
    public static final String MODERATION_CHECK_INTERVAL_SECONDS = "moderation.check_interval_seconds";
    public static final String MODERATION_MAX_TIMEOUT_SECONDS = "moderation.max_timeout_seconds";
    public static final String MODERATION_EXEMPT_ROLES = "moderation.exempt_roles";
    public static final String MODERATION_DRY_RUN = "moderation.dry_run";

    public static String command(String name, String key) {
        return COMMANDS + "." + name + "." + key;
    }

    public static String timer(int index, String key) {
        return TIMERS + "[" + index + "]." + key;
    }

    /**
     * The apply table of the design. {@code enabledAfter} is the bot's {@code enabled} value in
     * the new version (only consulted for {@link #ENABLED}).
     */
    public static ApplyAction actionFor(String path, boolean enabledAfter) {
        return switch (path) {
            case TOKEN -> ApplyAction.RECONNECT;
            case CHANNELS -> ApplyAction.REJOIN;
            case ENABLED -> enabledAfter ? ApplyAction.START : ApplyAction.STOP;
            default -> ApplyAction.HOT;
        };
    }

    /**
     * The action for a change to a bot that exists in both versions. A bot that is not connected
     * in both versions gets no REJOIN or RECONNECT: when it starts, it connects with the new
     * token and channels anyway; when it stops, or stays disabled, there is nothing to rejoin.
     */
    public static ApplyAction actionFor(String path, boolean enabledBefore, boolean enabledAfter) {
        ApplyAction action = actionFor(path, enabledAfter);
        boolean connectedThroughout = enabledBefore && enabledAfter;
        return connectedThroughout || action == ApplyAction.START || action == ApplyAction.STOP
                ? action
                : ApplyAction.HOT;
    }
}
