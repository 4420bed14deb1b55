package dev.hupbot.diff;

import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One edit of a bot, and the paths the diff must report for it. Each edit changes its fields to
 * a value that differs under the diff's own rules (a set gains an element, an ordered list
 * changes order), or, for the reordering kinds, changes nothing the diff may report. Edits of
 * different kinds on one bot touch different paths, or one's paths contain the other's, so the
 * expected paths of several edits are the union of theirs.
 */
enum Mutation {
    TOKEN {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.token = Secret.of(b.token.reveal() + "Z");
            return Set.of("token");
        }
    },
    REFRESH_TOKEN {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.refreshToken = b.refreshToken == null ? Secret.of(BotArbitraries.SECRET_PREFIX + "REFRESHED") : null;
            return Set.of("refresh_token");
        }
    },
    ENABLED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.enabled = !b.enabled;
            return Set.of("enabled");
        }
    },
    ROLE {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.role = b.role == Role.CHATTER ? Role.MODERATOR : Role.CHATTER;
            return Set.of("role");
        }
    },
    CHANNEL_ADDED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.channels.add(unused("new_channel", b.channels));
            return Set.of("channels");
        }
    },
    CHANNELS_REORDERED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            Collections.reverse(b.channels);
            return Set.of();
        }
    },
    IGNORED_USER_ADDED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.ignoredUsers.add(unused("new_user", b.ignoredUsers));
            return Set.of("ignored_users");
        }
    },
    IGNORED_USERS_REORDERED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            Collections.reverse(b.ignoredUsers);
            return Set.of();
        }
    },
    INTRO_MESSAGE {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.introMessage = b.introMessage + "!";
            return Set.of("intro_message");
        }
    },
    INTRO_MESSAGE_NOW_SENSITIVE {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.sensitivePaths.add("intro_message");
            return Set.of();
        }
    },
    COMMAND_PREFIX {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.commandPrefix = b.commandPrefix + "!";
            return Set.of("command_prefix");
        }
    },
    REPLY_CHANCE {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.replyChance = b.replyChance < 0.5 ? b.replyChance + 0.25 : b.replyChance - 0.25;
            return Set.of("reply_chance");
        }
    },
    DELAYS {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.minDelayMs++;
            b.maxDelayMs--;
            return Set.of("min_delay_ms", "max_delay_ms");
        }
    },
    AI_SCALARS {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.ai.baseUrl = b.ai.baseUrl + "/v2";
            b.ai.model = b.ai.model + "-v2";
            b.ai.temperature = b.ai.temperature < 1 ? b.ai.temperature + 0.5 : b.ai.temperature - 0.5;
            b.ai.maxTokens++;
            b.ai.historySize++;
            b.ai.historyTtlSeconds++;
            b.ai.timeoutSeconds++;
            b.ai.userCooldownSeconds = b.ai.userCooldownSeconds < 3600 ? b.ai.userCooldownSeconds + 1 : 0;
            return Set.of("ai.base_url", "ai.model", "ai.temperature", "ai.max_tokens", "ai.history_size",
                    "ai.history_ttl_seconds", "ai.timeout_seconds", "ai.user_cooldown_seconds");
        }
    },
    AI_API_KEY {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            Secret key = b.ai.apiKey;
            b.ai.apiKey = key == null ? Secret.of(BotArbitraries.SECRET_PREFIX + "NEWAPIKEY") : null;
            return Set.of("ai.api_key");
        }
    },
    AI_SYSTEM_PROMPT {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            b.ai.systemPrompt = b.ai.systemPrompt + "\nBe brief.";
            return Set.of("ai.system_prompt");
        }
    },
    AI_FALLBACK_MODELS {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            // Order matters here: moving the first model to the end is a change as long as the
            // list holds two different models; otherwise a model is added.
            List<String> models = b.ai.fallbackModels;
            if (new TreeSet<>(models).size() >= 2) {
                Collections.rotate(models, -1);
                if (!models.equals(original.fallbackModels())) {
                    return Set.of("ai.fallback_models");
                }
            }
            models.add("added/model");
            return Set.of("ai.fallback_models");
        }
    },
    COMMAND_ADDED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            String name = unused("zz_added", new ArrayList<>(b.commands.keySet()));
            b.commands.put(name, new CommandConfig(name, "added", List.of("zz_alias"), 5, 10, Permission.VIP));
            return commandPaths(name);
        }
    },
    COMMAND_REMOVED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            if (original.commands().isEmpty()) {
                return Set.of();
            }
            String name = original.commands().get(0);
            b.commands.remove(name);
            return commandPaths(name);
        }
    },
    COMMAND_EDITED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            if (original.commands().isEmpty()) {
                return Set.of();
            }
            String name = original.commands().get(original.commands().size() - 1);
            CommandConfig c = b.commands.get(name);
            if (c == null) {
                return Set.of();
            }
            List<String> aliases = new ArrayList<>(c.aliases());
            Collections.reverse(aliases);
            b.commands.put(name, new CommandConfig(name, c.response() + "?", aliases, c.cooldownSeconds(),
                    c.userCooldownSeconds() + 1, c.permission()));
            return Set.of(FieldPaths.command(name, "response"), FieldPaths.command(name, "user_cooldown_seconds"));
        }
    },
    TIMER_APPENDED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            int index = b.timers.size();
            b.timers.add(new TimerConfig("appended", 900, 5));
            return Set.of(FieldPaths.timer(index, "message"), FieldPaths.timer(index, "interval_seconds"),
                    FieldPaths.timer(index, "min_chat_lines"));
        }
    },
    TIMER_EDITED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            if (b.timers.isEmpty()) {
                return Set.of();
            }
            TimerConfig t = b.timers.get(0);
            b.timers.set(0, new TimerConfig(t.message(), t.intervalSeconds() + 1, t.minChatLines()));
            return Set.of(FieldPaths.timer(0, "interval_seconds"));
        }
    },
    MODERATION {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            ModerationConfig m = b.moderation;
            if (m == null) {
                b.moderation = ConfigDiffTest.moderation(List.of("no spam"));
                return Set.of("moderation.rules", "moderation.check_interval_seconds",
                        "moderation.max_timeout_seconds", "moderation.exempt_roles", "moderation.dry_run");
            }
            b.moderation = new ModerationConfig(
                    m.rules(), m.checkIntervalSeconds(), m.maxTimeoutSeconds(), m.exemptRoles(), !m.dryRun());
            return Set.of("moderation.dry_run");
        }
    },
    MODERATION_RULE_ADDED {
        @Override
        Set<String> apply(Bots.Draft b, Snapshot original) {
            ModerationConfig m = b.moderation;
            if (m == null) {
                return Set.of();
            }
            List<String> rules = new ArrayList<>(m.rules());
            rules.add("no shouting");
            b.moderation = new ModerationConfig(
                    rules, m.checkIntervalSeconds(), m.maxTimeoutSeconds(), m.exemptRoles(), m.dryRun());
            return Set.of("moderation.rules");
        }
    };

    /** The paths the diff must now report for this bot. */
    abstract Set<String> apply(Bots.Draft bot, Snapshot original);

    /** What some edits need to know about the bot before any edit. */
    record Snapshot(List<String> commands, List<String> fallbackModels) {}

    static String unused(String base, List<String> taken) {
        String name = base;
        while (taken.contains(name)) {
            name = name + "_";
        }
        return name;
    }

    static Set<String> commandPaths(String name) {
        return Set.of(FieldPaths.command(name, "response"), FieldPaths.command(name, "aliases"),
                FieldPaths.command(name, "cooldown_seconds"), FieldPaths.command(name, "user_cooldown_seconds"),
                FieldPaths.command(name, "permission"));
    }
}
