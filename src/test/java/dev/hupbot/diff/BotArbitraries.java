package dev.hupbot.diff;

import dev.hupbot.config.AiConfig;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for whole configs, built from the records directly (no file, no loader): the diff
 * must hold for any value the records can carry, not only for what the loader lets through.
 */
final class BotArbitraries {
    private BotArbitraries() {}

    /** Tokens and API keys start with this and then 20 characters no other generated text has. */
    static final String SECRET_PREFIX = "oauth:";

    static Arbitrary<BotsConfig> configs() {
        return bots().list().ofMinSize(1).ofMaxSize(6).uniqueElements(BotConfig::name).map(BotsConfig::new);
    }

    static Arbitrary<String> logins() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_").ofMinLength(3).ofMaxLength(25);
    }

    /** Any text, control characters and quotes included, to exercise quoting. */
    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("ab \"\\\n\t{}").ofMaxLength(12));
    }

    static Arbitrary<Secret> secrets() {
        return Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                .ofLength(20)
                .map(s -> Secret.of(SECRET_PREFIX + s));
    }

    static Arbitrary<BotConfig> bots() {
        record Identity(String name, Secret token, Secret refresh, boolean enabled, Role role) {}
        record Chat(List<String> channels, String prefix, String intro, List<String> ignored, double replyChance,
                long minDelay, long maxDelay) {}
        record Parts(Map<String, CommandConfig> commands, List<TimerConfig> timers, ModerationConfig moderation,
                Set<String> sensitive) {}

        Arbitrary<Identity> identity = Combinators.combine(
                        logins(), secrets(), secrets().injectNull(0.5), Arbitraries.of(true, false),
                        Arbitraries.of(Role.class))
                .as(Identity::new);
        Arbitrary<Chat> chat = Combinators.combine(
                        logins().list().ofMaxSize(4),
                        Arbitraries.of("!", "?", "$"),
                        texts(),
                        logins().list().ofMaxSize(3),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.longs().between(0, 10_000),
                        Arbitraries.longs().between(0, 10_000))
                .as(Chat::new);
        Arbitrary<Parts> parts = Combinators.combine(
                        commands(),
                        timers(),
                        moderations().injectNull(0.5),
                        Arbitraries.of("intro_message", "ai.system_prompt", "ai.base_url", "channels[1]", "moderation.rules[0]")
                                .set()
                                .ofMaxSize(2))
                .as(Parts::new);
        return Combinators.combine(identity, chat, ais(), parts)
                .as((id, c, ai, p) -> new BotConfig(
                        id.name(), id.token(), id.refresh(), id.enabled(), id.role(), c.channels(), c.prefix(),
                        c.intro(), c.ignored(), c.replyChance(), c.minDelay(), c.maxDelay(), ai, p.commands(),
                        p.timers(), p.moderation(), p.sensitive()));
    }

    static Arbitrary<AiConfig> ais() {
        record Connection(String baseUrl, Secret apiKey, String model, double temperature) {}
        record Prompting(int maxTokens, int historySize, long ttl, String prompt, List<String> fallbacks, long timeout,
                long userCooldown) {}
        Arbitrary<Connection> connection = Combinators.combine(
                        texts(), secrets().injectNull(0.3), texts(), Arbitraries.doubles().between(0, 2))
                .as(Connection::new);
        Arbitrary<Prompting> prompting = Combinators.combine(
                        Arbitraries.integers().between(1, 4000),
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.longs().between(0, 86_400),
                        texts(),
                        logins().list().ofMaxSize(3),
                        Arbitraries.longs().between(1, 120),
                        Arbitraries.longs().between(0, 3600))
                .as(Prompting::new);
        return Combinators.combine(connection, prompting)
                .as((c, p) -> new AiConfig(c.baseUrl(), c.apiKey(), c.model(), c.temperature(), p.maxTokens(),
                        p.historySize(), p.ttl(), p.prompt(), p.fallbacks(), p.timeout(), p.userCooldown()));
    }

    static Arbitrary<Map<String, CommandConfig>> commands() {
        return logins().set().ofMaxSize(3).flatMap(names -> {
            List<String> sorted = names.stream().sorted().toList();
            return command("x").list().ofSize(sorted.size()).map(bodies -> {
                Map<String, CommandConfig> commands = new LinkedHashMap<>();
                for (int i = 0; i < sorted.size(); i++) {
                    CommandConfig body = bodies.get(i);
                    commands.put(sorted.get(i), new CommandConfig(sorted.get(i), body.response(), body.aliases(),
                            body.cooldownSeconds(), body.userCooldownSeconds(), body.permission()));
                }
                return commands;
            });
        });
    }

    static Arbitrary<CommandConfig> command(String name) {
        return Combinators.combine(
                        texts(),
                        logins().list().ofMaxSize(3),
                        Arbitraries.longs().between(0, 600),
                        Arbitraries.longs().between(0, 600),
                        Arbitraries.of(Permission.class))
                .as((response, aliases, cooldown, userCooldown, permission) ->
                        new CommandConfig(name, response, aliases, cooldown, userCooldown, permission));
    }

    static Arbitrary<List<TimerConfig>> timers() {
        return Combinators.combine(texts(), Arbitraries.longs().between(1, 7200), Arbitraries.integers().between(0, 50))
                .as(TimerConfig::new)
                .list()
                .ofMaxSize(3);
    }

    static Arbitrary<ModerationConfig> moderations() {
        return Combinators.combine(
                        texts().list().ofMaxSize(3),
                        Arbitraries.longs().between(1, 600),
                        Arbitraries.longs().between(1, 1_209_600),
                        Arbitraries.of(Permission.class).list().ofMaxSize(3),
                        Arbitraries.of(true, false))
                .as(ModerationConfig::new);
    }
}
