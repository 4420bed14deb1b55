package dev.hupbot.cli;

import dev.hupbot.config.EnvSource;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --config} / {@code HUPBOT_CONFIG} and {@code --env-file} / {@code HUPBOT_ENV_FILE},
 * shared by the commands that resolve a bots file, so they all read the env file the running
 * process reads.
 */
final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:HUPBOT_CONFIG:-config/bots.toml}",
            description = "The bots file (env HUPBOT_CONFIG; default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/bots.toml");

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = "${env:HUPBOT_ENV_FILE}",
            description = "NAME=value lines that $${NAME} in the bots file resolves against before the environment;"
                    + " read again on every reload (env HUPBOT_ENV_FILE; default: .env next to the bots file, if it exists).")
    @Nullable Path envFile;

    /** The env file (given, or .env next to {@code --config}) over the process environment. */
    EnvSource variables(Environment environment) {
        Path given = envFile == null || envFile.toString().isEmpty() ? null : envFile;
        return EnvSource.of(given, config, environment.variables());
    }
}
