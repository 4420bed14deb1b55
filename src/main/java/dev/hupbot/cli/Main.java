package dev.hupbot.cli;

import dev.hupbot.config.WarmUp;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hupbot} command: one subcommand per verb of the design. */
@Command(
        name = "hupbot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Twitch chat bots whose configuration reloads on SIGHUP, with a history you can roll back.")
public final class Main {
    /**
     * The subcommands in the order help lists them. Registered here and not in the annotation, so
     * that a one-shot command builds only itself: picocli reflects over every registered command
     * at start, and building all of them loads, in the interpreter, the classes each pulls in
     * (logging, JSON, H2's client) for one command that uses none of them.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, CheckCommand.class, DiffCommand.class,
            ReloadCommand.class, HistoryCommand.class, StatusCommand.class, AuthCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        String[] given = withoutProgramName(args);
        subcommandNamed(given)
                .filter(command -> command != RunCommand.class)
                .ifPresent(Main::warmUpInBackground);
        System.exit(commandLine(Environment.system(), given).execute(given));
    }

    /**
     * For a one-shot command: on a second thread, while the main one builds the command line, the
     * first-use work it would meet next (the JVM interprets all of it once): picocli's annotations
     * and, for a command that loads a bots file, a first load. A daemon: it never delays the exit.
     */
    private static void warmUpInBackground(Class<?> command) {
        Thread thread = new Thread(() -> {
            try {
                readAnnotations(command);
            } catch (RuntimeException e) {
                // Only a warm-up: picocli reads them again and reports what is wrong.
            }
            if (command == CheckCommand.class || command == DiffCommand.class) {
                WarmUp.load();
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reads the annotations picocli is about to read, so their proxy classes are generated here
     * rather than on the main thread (each costs milliseconds in the interpreter): those of
     * Object's methods too, since picocli scans the whole class hierarchy.
     */
    private static void readAnnotations(Class<?> command) {
        for (Class<?> c : List.of(Object.class, ConfigOption.class, command)) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                m.getDeclaredAnnotations();
            }
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                f.getDeclaredAnnotations();
            }
        }
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
        return commandLine(environment, new String[0]);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, only that
     * subcommand is built (help and errors of the others cannot be reached from there); else,
     * for {@code --help}, {@code help NAME} or a mistyped name, every one, so the listing and
     * picocli's suggestions are complete. A test checks that each command's help reads the
     * same either way.
     */
    static CommandLine commandLine(Environment environment, String[] args) {
        CommandFactory factory = new CommandFactory(environment);
        CommandLine line = new CommandLine(new Main(), factory);
        Optional<Class<?>> named = subcommandNamed(args);
        List<Class<?>> wanted = named.isEmpty() || named.get() == CommandLine.HelpCommand.class
                ? SUBCOMMANDS : List.of(named.get());
        for (Class<?> command : wanted) {
            line.addSubcommand(new CommandLine(command, factory));
        }
        // After the subcommands: picocli applies these settings to the commands added so far.
        // UTF-8 whatever the locale: a container's POSIX locale would turn prompts and names into '?'.
        return line
                .setCaseInsensitiveEnumValuesAllowed(true)
                // Whatever a command did not turn into a message itself: one line and exit 2, no stack trace.
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandSpec().qualifiedName(" ") + ": " + CliErrors.oneLine(e));
                    return 2;
                })
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }

    /** The subcommand {@code args} start with, if they start with one's name. */
    private static Optional<Class<?>> subcommandNamed(String[] args) {
        return args.length == 0 ? Optional.empty() : SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst();
    }
}
