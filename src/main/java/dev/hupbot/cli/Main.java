package dev.hupbot.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hupbot} command: one subcommand per verb of the design. */
@Command(
        name = "hupbot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Twitch chat bots whose configuration reloads on SIGHUP, with a history you can roll back.",
        subcommands = {
            RunCommand.class,
            CheckCommand.class,
            DiffCommand.class,
            ReloadCommand.class,
            HistoryCommand.class,
            StatusCommand.class,
            AuthCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(withoutProgramName(args)));
    }

    /**
     * Drops a leading {@code hupbot}: the image's entry point is the jar itself, so
     * {@code docker compose run --rm twitch-bot hupbot auth login NAME} (written as one would
     * write it for {@code exec}) hands the jar the word {@code hupbot} first. No subcommand has
     * that name, so nothing else can mean it.
     */
    static String[] withoutProgramName(String[] args) {
        return args.length > 0 && args[0].equals("hupbot") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    }

    public static CommandLine commandLine() {
        return commandLine(Environment.system());
    }

    /** The command line with the environment its commands resolve {@code ${NAME}} against (tests pass their own). */
    public static CommandLine commandLine(Environment environment) {
        // UTF-8 whatever the locale: a container's POSIX locale would turn prompts and names into '?'.
        return new CommandLine(new Main(), new CommandFactory(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                // Whatever a command did not turn into a message itself: one line and exit 2, no stack trace.
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandSpec().qualifiedName(" ") + ": " + CliErrors.oneLine(e));
                    return 2;
                })
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }
}
