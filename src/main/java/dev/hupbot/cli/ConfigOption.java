package dev.hupbot.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} / {@code HUPBOT_CONFIG}, shared by the commands that read the config file. */
final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:HUPBOT_CONFIG:-config/bots.toml}",
            description = "The bots file (env HUPBOT_CONFIG; default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/bots.toml");
}
