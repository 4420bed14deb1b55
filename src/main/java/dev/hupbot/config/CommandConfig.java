package dev.hupbot.config;

import java.util.List;

/** A chat command: {@code !name} or any alias answers with {@code response}. */
public record CommandConfig(
        String name,
        String response,
        List<String> aliases,
        long cooldownSeconds,
        long userCooldownSeconds,
        Permission permission) {

    public CommandConfig {
        aliases = List.copyOf(aliases);
    }
}
