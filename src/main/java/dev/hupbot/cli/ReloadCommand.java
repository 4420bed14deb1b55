package dev.hupbot.cli;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.ChangeRow;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.reload.PidFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import jnr.constants.platform.Signal;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hupbot reload}: SIGHUP to the running process, then wait for its reload row and report
 * it. Unlike {@code nginx -s reload}, a rejected reload is a failing exit code.
 */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reload the running hupbot: send SIGHUP, wait for the reload to finish, print its outcome.",
            "Unlike 'nginx -s reload', a reload that failed is a failing exit code."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:APPLIED or UNCHANGED", "1:REJECTED or PARTIAL (the problems are printed)",
            "2:no hupbot runs on this data directory, or it did not answer in time"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot reload                      signal, wait, print outcome and changes",
            "  hupbot reload --timeout 2m         wait longer for a big crew",
            "  hupbot reload --no-wait            only send the signal"
        })
final class ReloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOption dataOption = new DataOption();

    @Option(names = "--no-wait", description = "Send the signal and return at once (exit 0 once sent).")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for the reload to finish, e.g. 30s, 2m, 500ms (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(30);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PidFile pidFile = new PidFile(dataOption.data);
        PidFile.Found found = pidFile.running();
        if (found instanceof PidFile.NotRunning n) {
            err.println(n.otherHolder()
                    ? "hupbot reload: refusing to signal: " + n.why() + "; nothing was signalled"
                    : "hupbot reload: no running hupbot (" + n.why() + "); start it with `hupbot run`");
            return 2;
        }
        long pid = ((PidFile.Running) found).pid();
        POSIX posix = POSIXFactory.getNativePOSIX();
        if (noWait) {
            return signal(posix, pid, err) ? 0 : 2;
        }
        Optional<AuditStore> opened;
        long before;
        try {
            opened = AuditStore.openExisting(dataOption.data);
            if (opened.isEmpty()) {
                err.println("hupbot reload: no audit database at " + AuditStore.databaseFile(dataOption.data)
                        + ", so the outcome cannot be read; check --data, or use --no-wait");
                return 2;
            }
            before = opened.get().latestReloadId().orElse(0);
        } catch (RuntimeException e) {
            // Database trouble is exit 2 and one line: exit 1 would read as "the reload was rejected".
            err.println("hupbot reload: " + CliErrors.oneLine(e) + "; nothing was signalled");
            return 2;
        }
        try (AuditStore audit = opened.get()) {
            if (!signal(posix, pid, err)) {
                return 2;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            @Nullable String trouble = null;
            while (System.nanoTime() < deadline) {
                try {
                    Optional<ReloadSummary> done = audit.history(20).stream()
                            .filter(r -> r.id() > before && r.outcome() != Outcome.IN_PROGRESS)
                            .min(Comparator.comparingLong(ReloadSummary::id));
                    if (done.isPresent()) {
                        Optional<ReloadDetail> detail = audit.reload(done.get().id());
                        if (detail.isPresent()) {
                            print(detail.get(), out);
                            return done.get().outcome().succeeded() ? 0 : 1;
                        }
                    }
                    trouble = null;
                } catch (RuntimeException e) {
                    trouble = CliErrors.oneLine(e); // busy or reconnecting: try again until the deadline
                }
                Thread.sleep(50);
            }
            err.println("hupbot reload: pid " + pid + " did not finish a reload within " + timeout.toSeconds()
                    + " s; check its log, or `hupbot history`" + (trouble == null ? "" : " (last database error: " + trouble + ")"));
            return 2;
        } catch (RuntimeException e) {
            err.println("hupbot reload: signalled pid " + pid + ", but " + CliErrors.oneLine(e));
            return 2;
        }
    }

    private static boolean signal(POSIX posix, long pid, PrintWriter err) {
        if (posix.kill((int) pid, Signal.SIGHUP.intValue()) != 0) {
            err.println("hupbot reload: cannot signal pid " + pid + " (errno " + posix.errno() + "); run as the user that runs hupbot");
            return false;
        }
        return true;
    }

    private static void print(ReloadDetail detail, PrintWriter out) {
        ReloadSummary s = detail.summary();
        String took = s.durationMs() == null ? "" : String.format(java.util.Locale.ROOT, ", %.0f ms", s.durationMs());
        out.println("reload #" + s.id() + " " + s.outcome() + " (" + ConfigDiff.summary(s.changes(), s.botsChanged()) + took + ")");
        for (ChangeRow c : detail.changes()) {
            out.println("  bot=" + c.bot() + " " + c.path() + ": " + (c.oldValue() == null ? "(none)" : c.oldValue()) + " -> "
                    + (c.newValue() == null ? "(none)" : c.newValue()) + " [" + c.action() + "]"
                    + (c.applied() ? "" : " FAILED: " + c.error()));
        }
        detail.problems().forEach(p -> out.println("  " + p));
    }
}
