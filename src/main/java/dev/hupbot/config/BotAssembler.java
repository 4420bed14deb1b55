package dev.hupbot.config;

import dev.hupbot.config.Node.Branch;
import dev.hupbot.config.Node.Items;
import dev.hupbot.config.Node.Leaf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one bot's merged table into a {@link BotConfig}: fills omitted keys with the documented
 * defaults and checks what involves more than one key (delays, role and moderation, aliases,
 * required keys that [defaults] may supply).
 */
final class BotAssembler {
    static final boolean DEFAULT_ENABLED = true;
    static final Role DEFAULT_ROLE = Role.CHATTER;
    static final Presence DEFAULT_PRESENCE = Presence.ALWAYS;
    static final String DEFAULT_COMMAND_PREFIX = "!";
    /** Bots answer when named; replying to random lines is opt-in, so a new bot is never a spammer. */
    static final double DEFAULT_REPLY_CHANCE = 0.0;
    static final long DEFAULT_MIN_DELAY_MS = 1000;
    static final long DEFAULT_MAX_DELAY_MS = 3000;
    static final Permission DEFAULT_PERMISSION = Permission.EVERYONE;
    static final long DEFAULT_CHECK_INTERVAL_SECONDS = 30;
    static final long DEFAULT_MAX_TIMEOUT_SECONDS = 600;
    static final List<Permission> DEFAULT_EXEMPT_ROLES = List.of(Permission.MODERATOR, Permission.BROADCASTER);

    private final ProblemSink sink;

    BotAssembler(ProblemSink sink) {
        this.sink = sink;
    }

    /**
     * @param merged the bot over [defaults]
     * @param own the bot's table alone (to tell what the bot itself wrote)
     * @param label {@code bots[name]} or {@code bots[index]}
     * @param stem the name as written, for suggested variable names; null when unusable
     */
    BotConfig assemble(Branch merged, Branch own, String label, String name, @Nullable String stem) {
        Role role = merged.invalid("role") ? DEFAULT_ROLE : Role.valueOf(merged.string("role", DEFAULT_ROLE.key()).toUpperCase(Locale.ROOT));
        Presence presence = merged.invalid("presence")
                ? DEFAULT_PRESENCE
                : Presence.valueOf(merged.string("presence", DEFAULT_PRESENCE.key()).toUpperCase(Locale.ROOT));
        Secret token = merged.secret("token");
        // no token line: the bot takes its token from the token store (hupbot auth login NAME); a bot
        // that has neither is reported when it starts, since only then is the store read
        boolean enabled = merged.bool("enabled", DEFAULT_ENABLED);
        List<String> channels = merged.strings("channels", List.of());
        if (enabled && channels.isEmpty() && !merged.invalid("channels")) {
            Leaf written = merged.leaf("channels");
            sink.warning(written == null ? own.pos() : written.pos(), label,
                    "joins no channel; add channels = [\"yourchannel\"] here or in [defaults]");
        }
        long minDelay = merged.integer("min_delay_ms", DEFAULT_MIN_DELAY_MS);
        long maxDelay = merged.integer("max_delay_ms", DEFAULT_MAX_DELAY_MS);
        checkDelays(merged, own, label, minDelay, maxDelay);

        Branch ai = merged.branch("ai");
        Branch commands = merged.branch("commands");
        Items timers = merged.items("timers");
        ModerationConfig moderation = moderation(merged, own, label, role);

        return new BotConfig(
                name,
                token == null ? Secret.of("") : token,
                merged.secret("refresh_token"),
                enabled,
                role,
                presence,
                channels,
                merged.string("command_prefix", DEFAULT_COMMAND_PREFIX),
                merged.string("intro_message", ""),
                merged.strings("ignored_users", List.of()),
                merged.number("reply_chance", DEFAULT_REPLY_CHANCE),
                minDelay,
                maxDelay,
                ai(ai == null ? empty(own) : ai),
                commands(commands, own.branch("commands"), label),
                timers(timers),
                moderation,
                sensitivePaths(merged, moderation != null));
    }

    private void checkDelays(Branch merged, Branch own, String label, long minDelay, long maxDelay) {
        if (merged.invalid("min_delay_ms") || merged.invalid("max_delay_ms") || minDelay <= maxDelay) {
            return;
        }
        Leaf min = merged.leaf("min_delay_ms");
        Leaf max = merged.leaf("max_delay_ms");
        Pos at = min != null ? min.pos() : max != null ? max.pos() : own.pos();
        String minShown = minDelay + (min == null ? ", the default" : "");
        String maxShown = maxDelay + (max == null ? ", the default" : "");
        sink.error(at, label + ".min_delay_ms", "min_delay_ms (" + minShown + ") is greater than max_delay_ms (" + maxShown
                + "); make min_delay_ms at most max_delay_ms");
    }

    private static Branch empty(Branch own) {
        return new Branch(Map.of(), Set.of(), own.pos());
    }

    private static AiConfig ai(Branch ai) {
        return new AiConfig(
                ai.string("base_url", AiConfig.DEFAULT_BASE_URL),
                ai.secret("api_key"),
                ai.string("model", AiConfig.DEFAULT_MODEL),
                ai.number("temperature", AiConfig.DEFAULT_TEMPERATURE),
                (int) ai.integer("max_tokens", AiConfig.DEFAULT_MAX_TOKENS),
                (int) ai.integer("history_size", AiConfig.DEFAULT_HISTORY_SIZE),
                ai.integer("history_ttl_seconds", AiConfig.DEFAULT_HISTORY_TTL_SECONDS),
                ai.string("system_prompt", ""),
                ai.strings("fallback_models", List.of()),
                ai.integer("timeout_seconds", AiConfig.DEFAULT_TIMEOUT_SECONDS),
                ai.integer("user_cooldown_seconds", AiConfig.DEFAULT_USER_COOLDOWN_SECONDS));
    }

    private Map<String, CommandConfig> commands(@Nullable Branch commands, @Nullable Branch ownCommands, String label) {
        if (commands == null) {
            return Map.of();
        }
        Map<String, CommandConfig> out = new LinkedHashMap<>();
        Map<String, String> aliasOwner = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : commands.children().entrySet()) {
            String name = entry.getKey();
            Branch command = (Branch) entry.getValue();
            String path = label + ".commands." + name;
            if (!command.has("response") && !command.invalid("response")) {
                sink.error(command.pos(), path, "missing response; add response = \"...\" (placeholders: {user} {channel} {args} {bot})");
            }
            List<String> aliases = command.strings("aliases", List.of());
            Leaf aliasLeaf = command.leaf("aliases");
            for (String alias : aliases) {
                Pos at = aliasLeaf == null ? command.pos() : aliasLeaf.pos();
                String other = aliasOwner.get(alias);
                if (alias.equals(name)) {
                    sink.error(at, path + ".aliases", "alias \"" + alias + "\" repeats the command's own name; remove it");
                } else if (commands.has(alias)) {
                    sink.error(at, path + ".aliases", "alias \"" + alias + "\" is also the name of command \"" + alias
                            + "\"; remove the alias or rename the command");
                } else if (other != null) {
                    sink.error(at, path + ".aliases", "alias \"" + alias + "\" is also an alias of command \"" + other
                            + "\"; keep it on one command only");
                } else {
                    aliasOwner.put(alias, name);
                }
            }
            String permission = command.string("permission", DEFAULT_PERMISSION.key());
            out.put(name, new CommandConfig(
                    name,
                    command.string("response", ""),
                    aliases,
                    command.integer("cooldown_seconds", 0),
                    command.integer("user_cooldown_seconds", 0),
                    Permission.valueOf(permission.toUpperCase(Locale.ROOT)),
                    ownCommands == null || !ownCommands.has(name)));
        }
        return out;
    }

    private static List<TimerConfig> timers(@Nullable Items timers) {
        if (timers == null) {
            return List.of();
        }
        List<TimerConfig> out = new ArrayList<>();
        for (Branch timer : timers.items()) {
            out.add(new TimerConfig(
                    timer.string("message", ""),
                    timer.integer("interval_seconds", 0),
                    (int) timer.integer("min_chat_lines", 0)));
        }
        return out;
    }

    /**
     * Only moderators get a moderation config. A chatter inherits nothing from
     * [defaults.moderation] (so one shared moderation table does not make every chatter
     * invalid), but its own [bots.moderation] is a mistake worth an error.
     */
    private @Nullable ModerationConfig moderation(Branch merged, Branch own, String label, Role role) {
        if (role != Role.MODERATOR) {
            Node written = own.children().get("moderation");
            if (written != null && !merged.invalid("role")) {
                sink.error(written.pos(), label + ".moderation",
                        "[bots.moderation] needs role = \"moderator\"; set role = \"moderator\" or remove the table");
            }
            return null;
        }
        Branch m = merged.branch("moderation");
        if (m == null) {
            m = empty(own);
        }
        List<Permission> exempt = m.has("exempt_roles")
                ? m.strings("exempt_roles", List.of()).stream().map(r -> Permission.valueOf(r.toUpperCase(Locale.ROOT))).toList()
                : DEFAULT_EXEMPT_ROLES;
        return new ModerationConfig(
                m.strings("rules", List.of()),
                m.integer("check_interval_seconds", DEFAULT_CHECK_INTERVAL_SECONDS),
                m.integer("max_timeout_seconds", DEFAULT_MAX_TIMEOUT_SECONDS),
                exempt,
                m.bool("dry_run", false));
    }

    /** Paths (as in {@link dev.hupbot.diff.FieldPaths}) of values that came from credential-like variables. */
    private static Set<String> sensitivePaths(Branch merged, boolean withModeration) {
        Set<String> paths = new HashSet<>();
        collect(merged, "", paths, withModeration);
        return paths;
    }

    private static void collect(Node node, String path, Set<String> paths, boolean withModeration) {
        if (node instanceof Leaf leaf) {
            if (leaf.sensitive()) {
                paths.add(path);
            }
        } else if (node instanceof Branch branch) {
            for (Map.Entry<String, Node> child : branch.children().entrySet()) {
                if (path.isEmpty() && child.getKey().equals("moderation") && !withModeration) {
                    continue;
                }
                collect(child.getValue(), path.isEmpty() ? child.getKey() : path + "." + child.getKey(), paths, withModeration);
            }
        } else if (node instanceof Items items) {
            for (int i = 0; i < items.items().size(); i++) {
                collect(items.items().get(i), path + "[" + i + "]", paths, withModeration);
            }
        }
    }
}
