package dev.hupbot.cli;

import dev.hupbot.config.WarmUp;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        if (given.length > 0 && !given[0].equals("run")) {
            warmUpInBackground(given[0]);
        }
        System.exit(commandLine(Environment.system(), given).execute(given));
    }

    /**
     * For a one-shot command: on a second thread, while the main one builds the command line, the
     * first-use work it would meet next (the JVM interprets all of it once): picocli's annotations
     * and, for a command that loads a bots file, a first load. A daemon: it never delays the exit.
     */
    private static void warmUpInBackground(String command) {
        Thread thread = new Thread(() -> {
            try {
                readAnnotations(command);
            } catch (RuntimeException e) {
                // Only a warm-up: picocli reads them again and reports what is wrong.
            }
            if (command.equals("check") || command.equals("diff")) {
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
    private static void readAnnotations(String command) {
        List<Class<?>> classes = new java.util.ArrayList<>(List.of(Object.class, ConfigOption.class));
        SUBCOMMANDS.stream().filter(c -> nameOf(c).equals(command)).forEach(classes::add);
        for (Class<?> c : classes) {
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
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> wanted = SUBCOMMANDS.stream().filter(c -> nameOf(c).equals(first)).toList();
        for (Class<?> command : wanted.isEmpty() || first.equals("help") ? SUBCOMMANDS : wanted) {
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

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
