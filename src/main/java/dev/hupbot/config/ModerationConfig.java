package dev.hupbot.config;

import java.util.List;

/** What a moderator bot enforces; only valid on {@code role = "moderator"}. */
public record ModerationConfig(
        List<String> rules,
        long checkIntervalSeconds,
        long maxTimeoutSeconds,
        List<Permission> exemptRoles,
        boolean dryRun) {

    public ModerationConfig {
        rules = List.copyOf(rules);
        exemptRoles = List.copyOf(exemptRoles);
    }
}
