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
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import jnr.constants.platform.Signal;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
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
        OptionalLong pid = pidFile.read();
        if (pid.isEmpty()) {
            err.println("hupbot reload: no running hupbot (no pidfile at " + pidFile.path() + "); start it with `hupbot run`");
            return 2;
        }
        if (!PidFile.isLiveHupbot(pid.getAsLong())) {
            err.println("hupbot reload: pid " + pid.getAsLong() + " in " + pidFile.path()
                    + " is not a running hupbot (stale pidfile); start it with `hupbot run`");
            return 2;
        }
        POSIX posix = POSIXFactory.getNativePOSIX();
        if (noWait) {
            return signal(posix, pid.getAsLong(), err) ? 0 : 2;
        }
        try (AuditStore audit = AuditStore.open(dataOption.data)) {
            long before = audit.latestReloadId().orElse(0);
            if (!signal(posix, pid.getAsLong(), err)) {
                return 2;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<ReloadSummary> done = audit.history(20).stream()
                        .filter(r -> r.id() > before && r.outcome() != Outcome.IN_PROGRESS)
                        .min(Comparator.comparingLong(ReloadSummary::id));
                if (done.isPresent()) {
                    ReloadDetail detail = audit.reload(done.get().id()).orElseThrow();
                    print(detail, out);
                    return done.get().outcome().succeeded() ? 0 : 1;
                }
                Thread.sleep(50);
            }
            err.println("hupbot reload: pid " + pid.getAsLong() + " did not finish a reload within " + timeout.toSeconds()
                    + " s; check its log, or `hupbot history`");
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
