package dev.hupbot.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One bot after {@code [defaults]} are merged in and {@code ${NAME}} references resolved.
 *
 * @param presence {@code always}: in its channels around the clock; {@code live}: only while the
 *     channel's stream is live
 * @param sensitivePaths property paths (as in {@link dev.hupbot.diff.FieldPaths}) whose value
 *     came from a variable named like a secret (TOKEN, KEY, SECRET, PASSWORD): they are shown
 *     redacted everywhere, like {@code token}
 */
public record BotConfig(
        String name,
        Secret token,
        @Nullable Secret refreshToken,
        boolean enabled,
        Role role,
        Presence presence,
        List<String> channels,
        String commandPrefix,
        String introMessage,
        List<String> ignoredUsers,
        double replyChance,
        long minDelayMs,
        long maxDelayMs,
        AiConfig ai,
        Map<String, CommandConfig> commands,
        List<TimerConfig> timers,
        @Nullable ModerationConfig moderation,
        Set<String> sensitivePaths) {

    /** Without {@code presence}: the bot is in its channels always (the default). */
    public BotConfig(
            String name,
            Secret token,
            @Nullable Secret refreshToken,
            boolean enabled,
            Role role,
            List<String> channels,
            String commandPrefix,
            String introMessage,
            List<String> ignoredUsers,
            double replyChance,
            long minDelayMs,
            long maxDelayMs,
            AiConfig ai,
            Map<String, CommandConfig> commands,
            List<TimerConfig> timers,
            @Nullable ModerationConfig moderation,
            Set<String> sensitivePaths) {
        this(name, token, refreshToken, enabled, role, Presence.ALWAYS, channels, commandPrefix, introMessage,
                ignoredUsers, replyChance, minDelayMs, maxDelayMs, ai, commands, timers, moderation, sensitivePaths);
    }

    /** The same bot with another presence (tests and examples). */
    public BotConfig withPresence(Presence newPresence) {
        return new BotConfig(name, token, refreshToken, enabled, role, newPresence, channels, commandPrefix,
                introMessage, ignoredUsers, replyChance, minDelayMs, maxDelayMs, ai, commands, timers, moderation,
                sensitivePaths);
    }

    public BotConfig {
        channels = List.copyOf(channels);
        ignoredUsers = List.copyOf(ignoredUsers);
        commands = Map.copyOf(commands);
        timers = List.copyOf(timers);
        sensitivePaths = Set.copyOf(sensitivePaths);
    }
}
