package dev.hupbot.cli;

import dev.hupbot.ai.Persona;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import dev.hupbot.config.Problem;
import dev.hupbot.diff.FieldPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hupbot check [FILE]}: validates a bots file the way a reload would, without touching anything. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Validate a bots file as a reload would, changing nothing.",
            "Problems go to stderr as FILE:LINE:COL: error: PATH: MESSAGE; a summary of the bots"
                    + " goes to stdout."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings allowed)", "2:invalid or unreadable (every problem on stderr)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot check                       the --config file",
            "  hupbot check -q new.toml && mv new.toml config/bots.toml"
        })
final class CheckCommand implements Callable<Integer> {
    static final int VALID = 0;
    static final int INVALID = 2;

    private final Environment environment;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "The file to check (default: the --config file).")
    @Nullable Path file;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary line, not the table of bots.")
    boolean quiet;

    @Spec
    @Nullable CommandSpec spec;

    /** For picocli's default factory, when a CommandLine is built without {@link Main#commandLine}. */
    CheckCommand() {
        this(Environment.system());
    }

    CheckCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (spec == null) {
            throw new IllegalStateException("picocli injects the spec");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = file != null ? file : configOption.config;
        LoadResult result = new ConfigLoader(configOption.variables(environment)).load(target);
        for (Problem problem : result.problems()) {
            err.println(problem.format());
        }
        BotsConfig config = result.config();
        if (!result.valid() || config == null) {
            err.println(target + ": INVALID (" + count(result.errors().size(), "error") + countTail(result.warnings().size()) + ")");
            err.flush();
            return INVALID;
        }
        err.flush();
        out.println(target + ": OK (" + summary(config) + countTail(result.warnings().size()) + ")");
        if (!quiet) {
            printTable(out, config);
        }
        out.flush();
        return VALID;
    }

    private static String summary(BotsConfig config) {
        TreeSet<String> channels = new TreeSet<>();
        for (BotConfig bot : config.enabledBots()) {
            channels.addAll(bot.channels());
        }
        return count(config.bots().size(), "bot") + ", " + config.enabledBots().size() + " enabled, "
                + count(channels.size(), "channel");
    }

    private static String countTail(int warnings) {
        return warnings == 0 ? "" : ", " + count(warnings, "warning");
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * One aligned row per bot, so an operator sees at a glance what the file will run; the last
     * column says which bots are AI personas and why the others answer only commands.
     */
    private static void printTable(PrintWriter out, BotsConfig config) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BOT", "ROLE", "ENABLED", "CHANNELS", "MODEL", "TEMP", "COMMANDS", "TIMERS", "AI"});
        for (BotConfig bot : config.bots()) {
            rows.add(new String[] {
                bot.name(),
                bot.role().key(),
                bot.enabled() ? "yes" : "no",
                shown(bot, FieldPaths.CHANNELS, String.join(",", bot.channels())),
                shown(bot, FieldPaths.AI_MODEL, bot.ai().model()),
                String.valueOf(bot.ai().temperature()),
                String.valueOf(bot.commands().size()),
                String.valueOf(bot.timers().size()),
                Persona.of(bot).cell()
            });
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.length; i++) {
                line.append(' ').append(row[i]).append(" ".repeat(i == row.length - 1 ? 0 : widths[i] - row[i].length() + 1));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** A value that came from a credential-like variable is shown as *** here too. */
    private static String shown(BotConfig bot, String path, String value) {
        return bot.sensitivePaths().contains(path) ? "***" : value;
    }
}
