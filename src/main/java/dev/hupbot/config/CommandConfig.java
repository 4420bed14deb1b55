package dev.hupbot.config;

import java.util.List;

/**
 * A chat command: {@code !name} or any alias answers with {@code response}. A {@code crew}
 * command comes from {@code [defaults.commands]} and the bot does not define it in its own
 * table: the whole crew shares it, so a line gets one answer, not one per bot.
 */
public record CommandConfig(
        String name,
        String response,
        List<String> aliases,
        long cooldownSeconds,
        long userCooldownSeconds,
        Permission permission,
        boolean crew) {

    public CommandConfig {
        aliases = List.copyOf(aliases);
    }

    /** A bot's own command. */
    public CommandConfig(String name, String response, List<String> aliases, long cooldownSeconds,
            long userCooldownSeconds, Permission permission) {
        this(name, response, aliases, cooldownSeconds, userCooldownSeconds, permission, false);
    }
}
