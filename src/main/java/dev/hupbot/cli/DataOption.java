package dev.hupbot.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data} / {@code HUPBOT_DATA}: where the audit database and the pidfile live. */
final class DataOption {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "${env:HUPBOT_DATA:-data}",
            description = "Data directory: audit database and pidfile (env HUPBOT_DATA; default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data");
}
