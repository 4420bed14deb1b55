package dev.hupbot.cli;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import dev.hupbot.config.Problem;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.diff.DiffFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hupbot diff [--json] [OLD] NEW}: what a reload from OLD to NEW would change, bot by bot. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        customSynopsis = {"hupbot diff [-hV] [--json] [--config=FILE] [--env-file=FILE]",
            "                   [--data=DIR] [OLD] NEW"},
        sortOptions = false,
        description = {
            "Show what changes between two bots files, field by field, with each change's action.",
            "The action is what the change does to a running bot: HOT (swapped in), REJOIN (channels),"
                    + " RECONNECT (token), START or STOP.",
            "Secrets show as *** and a fingerprint, never in the clear.",
            "With only NEW, compare it with the last applied version in the audit database."
        },
        exitCodeListHeading = "%nExit codes (as diff(1)):%n",
        exitCodeList = {"0:no changes", "1:changes", "2:trouble: a file is unreadable or invalid (problems on stderr)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot diff config/bots.toml       against the version that runs",
            "  hupbot diff old.toml new.toml      two files, no database needed",
            "  hupbot diff --json new.toml        for scripts (docs/diff-json.md)"
        })
final class DiffCommand implements Callable<Integer> {
    static final int SAME = 0;
    static final int DIFFERENT = 1;
    static final int TROUBLE = 2;

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--json", description = "Print the changes as JSON (shape in docs/diff-json.md).")
    boolean json;

    // Hidden: the synopsis and the description already say [OLD] NEW; shown, picocli lists a
    // stray "FILE... [OLD] NEW" line among the options.
    @Parameters(arity = "1..2", paramLabel = "FILE", hidden = true)
    List<Path> files = List.of();

    @Mixin
    DataOption data = new DataOption();

    /** Only for the env file: {@code ${NAME}} in both files resolves as the running process resolves it. */
    @Mixin
    ConfigOption configOption = new ConfigOption();

    private final Environment environment;

    /** For picocli's default factory, when a CommandLine is built without {@link Main#commandLine}. */
    DiffCommand() {
        this(Environment.system());
    }

    DiffCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (files.size() == 1) {
            return againstLastApplied(files.get(0));
        }
        try {
            return compare(files.get(0), files.get(1));
        } catch (RuntimeException e) {
            // picocli would exit 1 for an exception, which a script reads as "files differ".
            err().println("hupbot diff: internal error: " + e);
            err().flush();
            return TROUBLE;
        }
    }

    /**
     * The one-file form: NEW against the version the running process last applied, read from the
     * audit database in {@code --data} (shared access, so it works while hupbot runs).
     */
    int againstLastApplied(Path newFile) {
        Path dir = data.data;
        if (!Files.exists(dir.resolve("hupbot.mv.db"))) {
            err().println("hupbot diff: no audit database in " + dir + " (nothing was ever applied there);"
                    + " point --data at hupbot's data directory, or give both files: hupbot diff OLD NEW");
            err().flush();
            return TROUBLE;
        }
        Optional<String> applied;
        try (AuditStore audit = AuditStore.openExisting(dir)
                .orElseThrow(() -> new IllegalStateException("it went away"))) {
            applied = audit.lastAppliedText();
        } catch (RuntimeException e) {
            err().println("hupbot diff: cannot read the audit database in " + dir + ": " + CliErrors.oneLine(e));
            err().flush();
            return TROUBLE;
        }
        if (applied.isEmpty()) {
            err().println("hupbot diff: no applied version recorded in " + dir + " yet; give both files: hupbot diff OLD NEW");
            err().flush();
            return TROUBLE;
        }
        String name = dir.resolve("hupbot.mv.db") + " (last applied version)";
        @Nullable BotsConfig before = valid(new ConfigLoader(configOption.variables(environment))
                .parse(name, applied.get().getBytes(StandardCharsets.UTF_8)), name);
        @Nullable BotsConfig after = load(newFile);
        if (before == null || after == null) {
            return TROUBLE;
        }
        return report(ConfigDiff.between(before, after));
    }

    private int compare(Path oldFile, Path newFile) {
        // Both files are loaded before giving up, so one run reports the problems of both.
        @Nullable BotsConfig before = load(oldFile);
        @Nullable BotsConfig after = load(newFile);
        if (before == null || after == null) {
            return TROUBLE;
        }
        return report(ConfigDiff.between(before, after));
    }

    /** Prints the diff as a table or JSON; the exit code: {@link #SAME} or {@link #DIFFERENT}. */
    int report(ConfigDiff diff) {
        out().print(json ? DiffFormat.json(diff) : DiffFormat.human(diff));
        out().flush();
        return diff.isEmpty() ? SAME : DIFFERENT;
    }

    /** The config in {@code file}, or null after printing its problems on stderr. */
    @Nullable BotsConfig load(Path file) {
        return valid(new ConfigLoader(configOption.variables(environment)).load(file), file.toString());
    }

    /** The config of a load result, or null after printing its problems on stderr. */
    @Nullable BotsConfig valid(LoadResult result, String name) {
        BotsConfig config = result.config();
        if (result.valid() && config != null) {
            return config;
        }
        PrintWriter err = err();
        for (Problem problem : result.problems()) {
            err.println(problem.format());
        }
        if (result.errors().isEmpty()) {
            err.println(name + ":1:1: error: the file could not be loaded");
        }
        err.flush();
        return null;
    }

    private PrintWriter out() {
        return commandSpec().commandLine().getOut();
    }

    private PrintWriter err() {
        return commandSpec().commandLine().getErr();
    }

    private CommandSpec commandSpec() {
        CommandSpec current = spec;
        if (current == null) {
            throw new IllegalStateException("picocli injects the spec before call()");
        }
        return current;
    }
}
