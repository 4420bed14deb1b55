package dev.hupbot.bot;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link BotConfig} values for tests without the loader, with the file's defaults:
 * {@code TestBots.bot("stickyman").channels("mychannel").command(TestBots.command("hello",
 * "Hello {user}!").cooldown(10)).build()}. {@link #edit} starts from an existing bot, to
 * stand for a reload.
 */
public final class TestBots {
    private TestBots() {}

    public static Builder bot(String name) {
        return new Builder(name);
    }

    /** A builder holding everything {@code bot} has: change a field, build, and you have a reload. */
    public static Builder edit(BotConfig bot) {
        Builder b = new Builder(bot.name());
        b.token = bot.token();
        b.refreshToken = bot.refreshToken();
        b.enabled = bot.enabled();
        b.role = bot.role();
        b.channels = new ArrayList<>(bot.channels());
        b.commandPrefix = bot.commandPrefix();
        b.introMessage = bot.introMessage();
        b.ignoredUsers = new ArrayList<>(bot.ignoredUsers());
        b.replyChance = bot.replyChance();
        b.minDelayMs = bot.minDelayMs();
        b.maxDelayMs = bot.maxDelayMs();
        b.ai = bot.ai();
        b.commands = new LinkedHashMap<>(bot.commands());
        b.timers = new ArrayList<>(bot.timers());
        b.moderation = bot.moderation();
        b.sensitivePaths = bot.sensitivePaths();
        return b;
    }

    public static CommandBuilder command(String name, String response) {
        return new CommandBuilder(name, response);
    }

    public static TimerConfig timer(String message, long intervalSeconds, int minChatLines) {
        return new TimerConfig(message, intervalSeconds, minChatLines);
    }

    /** AI settings as the file's defaults give them, with no API key (so: no AI replies). */
    public static AiConfig defaultAi() {
        return new AiConfig(AiConfig.DEFAULT_BASE_URL, null, AiConfig.DEFAULT_MODEL, AiConfig.DEFAULT_TEMPERATURE,
                AiConfig.DEFAULT_MAX_TOKENS, AiConfig.DEFAULT_HISTORY_SIZE, AiConfig.DEFAULT_HISTORY_TTL_SECONDS,
                "", List.of(), AiConfig.DEFAULT_TIMEOUT_SECONDS);
    }

    /** A chat line from a viewer with no badge. */
    public static ChatMessage line(String channel, String user, String text) {
        return line(channel, user, text, Permission.EVERYONE);
    }

    public static ChatMessage line(String channel, String user, String text, Permission level) {
        return new ChatMessage(channel, user, displayNameOf(user), text, level, Instant.EPOCH);
    }

    /** Twitch display names differ from logins mostly by case: "viewer" shows as "Viewer". */
    public static String displayNameOf(String user) {
        return user.isEmpty() ? user : Character.toUpperCase(user.charAt(0)) + user.substring(1);
    }

    public static final class Builder {
        private final String name;
        private Secret token = Secret.of("oauth:test-token");
        private @Nullable Secret refreshToken;
        private boolean enabled = true;
        private Role role = Role.CHATTER;
        private List<String> channels = new ArrayList<>(List.of("mychannel"));
        private String commandPrefix = "!";
        private String introMessage = "";
        private List<String> ignoredUsers = new ArrayList<>();
        private double replyChance = 0.0;
        private long minDelayMs = 0;
        private long maxDelayMs = 0;
        private AiConfig ai = defaultAi();
        private Map<String, CommandConfig> commands = new LinkedHashMap<>();
        private List<TimerConfig> timers = new ArrayList<>();
        private @Nullable ModerationConfig moderation;
        private Set<String> sensitivePaths = Set.of("token");

        private Builder(String name) {
            this.name = name;
        }

        public Builder token(String value) {
            this.token = Secret.of(value);
            return this;
        }

        public Builder refreshToken(@Nullable String value) {
            this.refreshToken = value == null ? null : Secret.of(value);
            return this;
        }

        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        public Builder role(Role value) {
            this.role = value;
            return this;
        }

        public Builder channels(String... values) {
            this.channels = new ArrayList<>(List.of(values));
            return this;
        }

        public Builder commandPrefix(String value) {
            this.commandPrefix = value;
            return this;
        }

        public Builder introMessage(String value) {
            this.introMessage = value;
            return this;
        }

        public Builder ignoredUsers(String... values) {
            this.ignoredUsers = new ArrayList<>(List.of(values));
            return this;
        }

        public Builder replyChance(double value) {
            this.replyChance = value;
            return this;
        }

        public Builder delaysMs(long min, long max) {
            this.minDelayMs = min;
            this.maxDelayMs = max;
            return this;
        }

        public Builder ai(AiConfig value) {
            this.ai = value;
            return this;
        }

        /** Adds or replaces the command of that name. */
        public Builder command(CommandBuilder command) {
            return command(command.build());
        }

        public Builder command(CommandConfig command) {
            commands.put(command.name(), command);
            return this;
        }

        public Builder withoutCommand(String commandName) {
            commands.remove(commandName);
            return this;
        }

        public Builder timer(TimerConfig timer) {
            timers.add(timer);
            return this;
        }

        public Builder timers(TimerConfig... values) {
            this.timers = new ArrayList<>(List.of(values));
            return this;
        }

        public Builder moderation(@Nullable ModerationConfig value) {
            this.moderation = value;
            return this;
        }

        public BotConfig build() {
            return new BotConfig(name, token, refreshToken, enabled, role, channels, commandPrefix, introMessage,
                    ignoredUsers, replyChance, minDelayMs, maxDelayMs, ai, commands, timers, moderation, sensitivePaths);
        }
    }

    /** A command with no aliases, no cooldown, for everyone, unless told otherwise. */
    public static final class CommandBuilder {
        private final String name;
        private String response;
        private List<String> aliases = List.of();
        private long cooldownSeconds;
        private long userCooldownSeconds;
        private Permission permission = Permission.EVERYONE;

        private CommandBuilder(String name, String response) {
            this.name = name;
            this.response = response;
        }

        public CommandBuilder response(String value) {
            this.response = value;
            return this;
        }

        public CommandBuilder aliases(String... values) {
            this.aliases = List.of(values);
            return this;
        }

        public CommandBuilder cooldown(long seconds) {
            this.cooldownSeconds = seconds;
            return this;
        }

        public CommandBuilder userCooldown(long seconds) {
            this.userCooldownSeconds = seconds;
            return this;
        }

        public CommandBuilder permission(Permission value) {
            this.permission = value;
            return this;
        }

        public CommandConfig build() {
            return new CommandConfig(name, response, aliases, cooldownSeconds, userCooldownSeconds, permission);
        }
    }
}
