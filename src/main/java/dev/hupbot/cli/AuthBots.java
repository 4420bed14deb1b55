package dev.hupbot.cli;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.EnvSource;
import dev.hupbot.config.Variables;
import dev.hupbot.config.LoadResult;
import dev.hupbot.config.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bots file as the {@code auth} commands read it: the running process's view, problems on stderr. */
final class AuthBots {
    private AuthBots() {}

    /** The loaded bots, or empty after printing why not (the caller exits 2). */
    static Optional<BotsConfig> load(String command, Path config, EnvSource env, PrintWriter err) {
        LoadResult result = new ConfigLoader(env).load(config);
        BotsConfig bots = result.config();
        if (!result.valid() || bots == null) {
            result.errors().stream().map(Problem::format).forEach(err::println);
            err.println("hupbot auth " + command + ": " + config + " is invalid; fix it (hupbot check) and try again");
            return Optional.empty();
        }
        return Optional.of(bots);
    }

    /**
     * The variables as {@code run} sees them: the env file's, then the process environment's
     * (so {@code TWITCH_CLIENT_ID} may live in {@code .env}); the environment alone when the env
     * file cannot be read (the load then says why).
     */
    static Map<String, String> values(EnvSource env, Environment environment) {
        Variables variables = env.read().variables();
        return variables == null ? environment.variables() : variables.values();
    }

    /** Bot {@code name}, or empty after saying which bots there are. */
    static Optional<BotConfig> bot(String command, BotsConfig bots, String name, Path config, PrintWriter err) {
        Optional<BotConfig> bot = bots.bot(name);
        if (bot.isEmpty()) {
            err.println("hupbot auth " + command + ": no bot " + name + " in " + config + "; bots there: "
                    + bots.bots().stream().map(BotConfig::name).collect(Collectors.joining(", ")));
        }
        return bot;
    }
}
