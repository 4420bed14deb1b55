package dev.hupbot.cli;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hupbot history}: the recorded reloads, one in detail, or the file text one loaded. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Recent reloads, newest first: time (UTC), trigger, outcome, changes, duration, summary.",
            "'history show ID' details one reload; 'history export ID' prints the file text it loaded."
        },
        subcommands = {HistoryCommand.Show.class, HistoryCommand.Export.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot history --limit 5           the last five reloads",
            "  hupbot history show 7              one reload in detail",
            "  hupbot history export 5 -o config/bots.toml && hupbot reload"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when nothing is recorded yet)", "2:bad usage, or the database failed"})
final class HistoryCommand implements Callable<Integer> {
    static final int TROUBLE = 2;

    @Spec
    CommandSpec spec = CommandSpec.create();

    @Mixin
    DataOption dataOption = new DataOption();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many reloads to list (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--json", description = "Print JSON (shape: docs/history-json.md).")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        return withStore(spec, dataOption.data, store -> {
            List<ReloadSummary> reloads = store.map(s -> s.history(limit)).orElse(List.of());
            out.print(json ? HistoryJson.list(reloads) : HistoryText.list(reloads));
            out.flush();
            return 0;
        });
    }

    /**
     * Runs {@code work} with the store when the database exists (readers never create one), and
     * turns a database failure into a message and exit code 2.
     */
    static int withStore(CommandSpec spec, Path dataDir, Function<Optional<AuditStore>, Integer> work) {
        try {
            Optional<AuditStore> store = AuditStore.openExisting(dataDir);
            try {
                return work.apply(store);
            } finally {
                store.ifPresent(AuditStore::close);
            }
        } catch (RuntimeException e) {
            // Locked, unreachable, wrong password, corrupt, another account's file: one line, exit 2.
            spec.commandLine().getErr().println(commandName(spec) + ": " + CliErrors.oneLine(e));
            return TROUBLE;
        }
    }

    static int unknownReload(CommandSpec spec, long id, Path dataDir) {
        Path database = AuditStore.databaseFile(dataDir);
        String why = AuditStore.exists(dataDir)
                ? " not found in " + database + " (run 'hupbot history' to list the recorded reloads)"
                : " not found: there is no audit database at " + database + " (is --data right?)";
        spec.commandLine().getErr().println(commandName(spec) + ": reload #" + id + why);
        return TROUBLE;
    }

    private static String commandName(CommandSpec spec) {
        return spec.qualifiedName(" ");
    }

    /**
     * The subcommand's {@code --data} when given there ({@code history show 3 --data d}), else the
     * parent's ({@code history --data d show 3}) or the default.
     */
    static Path dataDir(CommandSpec sub, DataOption subOption, HistoryCommand parent) {
        boolean givenHere = sub.commandLine().getParseResult() != null
                && sub.commandLine().getParseResult().hasMatchedOption("--data");
        return givenHere ? subOption.data : parent.dataOption.data;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = "One reload: outcome, times, versions, problems, field changes and the unified diff"
                    + " of the file text.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  hupbot history show 7              as text",
                "  hupbot history show 7 --json       for scripts (docs/history-json.md)"
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:shown", "2:no reload with that id, bad usage, or the database failed"})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec = CommandSpec.create();

        @ParentCommand
        HistoryCommand parent = new HistoryCommand();

        @Mixin
        DataOption dataOption = new DataOption();

        @Parameters(paramLabel = "ID", description = "The reload id, as 'hupbot history' lists it.")
        long id;

        @Option(names = "--json", description = "Print JSON (shape: docs/history-json.md).")
        boolean json;

        @Override
        public Integer call() {
            Path dataDir = dataDir(spec, dataOption, parent);
            PrintWriter out = spec.commandLine().getOut();
            return withStore(spec, dataDir, store -> {
                Optional<ReloadDetail> detail = store.flatMap(s -> s.reload(id));
                if (detail.isEmpty()) {
                    return unknownReload(spec, id, dataDir);
                }
                out.print(json || parent.json ? HistoryJson.detail(detail.get()) : HistoryText.detail(detail.get()));
                out.flush();
                return 0;
            });
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = {
                "Prints the exact file text reload ID loaded, byte for byte (UTF-8, nothing added).",
                "To roll back: hupbot history export ID -o config/bots.toml && hupbot reload"
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  hupbot history export 5 -o config/bots.toml && hupbot reload",
                "                                     roll back to what reload #5 loaded",
                "  hupbot history export 9 --rejected the file that reload #9 rejected"
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:printed or written",
                "2:no reload with that id, it stored no file text, it was REJECTED (without --rejected),"
                        + " the file cannot be written, or the database failed"})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec = CommandSpec.create();

        @ParentCommand
        HistoryCommand parent = new HistoryCommand();

        @Mixin
        DataOption dataOption = new DataOption();

        @Parameters(paramLabel = "ID", description = "The reload id, as 'hupbot history' lists it.")
        long id;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Write FILE instead of standard output: atomically (a temporary file beside it,"
                        + " then a rename), and only when the export succeeds; FILE is untouched otherwise.")
        @Nullable Path output;

        @Option(names = "--rejected",
                description = "Also export the text of a REJECTED reload (it did not validate, so it is refused"
                        + " by default: a rollback to it would be rejected again).")
        boolean rejected;

        @Override
        public Integer call() {
            Path dataDir = dataDir(spec, dataOption, parent);
            return withStore(spec, dataDir, store -> {
                Optional<ReloadDetail> detail = store.flatMap(s -> s.reload(id));
                if (detail.isEmpty()) {
                    return unknownReload(spec, id, dataDir);
                }
                PrintWriter err = spec.commandLine().getErr();
                if (detail.get().summary().outcome() == Outcome.REJECTED && !rejected) {
                    err.println(commandName(spec) + ": reload #" + id + " was REJECTED, so its file does not"
                            + " validate; pick an APPLIED reload ('hupbot history'), or add --rejected to export"
                            + " it anyway");
                    return TROUBLE;
                }
                Optional<String> text = store.get().loadedText(id);
                if (text.isEmpty()) {
                    err.println(commandName(spec) + ": reload #" + id
                            + " stored no config text, so there is nothing to export ('hupbot history show " + id
                            + "' says why)");
                    return TROUBLE;
                }
                byte[] bytes = text.get().getBytes(StandardCharsets.UTF_8);
                return output == null ? toStdout(bytes) : toFile(output, bytes);
            });
        }

        private int toStdout(byte[] bytes) {
            // Straight to the process's stdout: a Writer would re-encode with the platform charset.
            PrintStream stdout = System.out;
            stdout.write(bytes, 0, bytes.length);
            stdout.flush();
            if (stdout.checkError()) {
                spec.commandLine().getErr().println(commandName(spec) + ": cannot write to standard output");
                return TROUBLE;
            }
            return 0;
        }

        private int toFile(Path file, byte[] bytes) {
            try {
                AtomicWrite.replace(file, bytes);
                spec.commandLine().getErr().println("Wrote reload #" + id + "'s file text to " + file
                        + " (" + bytes.length + " bytes); 'hupbot reload' applies it");
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println(commandName(spec) + ": cannot write " + file + ": "
                        + AtomicWrite.reason(e) + "; " + file + " is unchanged");
                return TROUBLE;
            }
        }
    }
}
