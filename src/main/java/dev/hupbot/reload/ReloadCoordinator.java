package dev.hupbot.reload;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.AppliedVersion;
import dev.hupbot.audit.AuditException;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.RejectedText;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import dev.hupbot.config.Problem;
import dev.hupbot.config.Variables;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.diff.FieldChange;
import dev.hupbot.diff.TextDiff;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every reload on one worker thread. Requests (signals) only enqueue: requests that arrive
 * while one is queued fold into it and are counted; one that arrives while a reload runs
 * schedules exactly one more, which reads the file after it. A reload reads, parses, validates,
 * diffs, records the plan in the audit database, applies, logs and finishes its row; nothing
 * escapes as an exception, and a file that does not validate changes nothing.
 */
public final class ReloadCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadCoordinator.class);

    private final Path configFile;
    private final ConfigLoader loader;
    private final AuditStore audit;
    private final BotRuntime runtime;
    private final Clock clock;
    private final ReloadListener listener;

    private final Object lock = new Object();
    // Guarded by lock: the one queued request and who waits for it.
    private boolean pending;
    private boolean closing;
    private int coalesced;
    private Trigger pendingTrigger = Trigger.SIGHUP;
    private Instant pendingSince = Instant.EPOCH;
    private List<CompletableFuture<ReloadResult>> waiters = new ArrayList<>();
    private @Nullable Thread worker;

    // Touched only by the reload in progress (startup, then the worker thread).
    private @Nullable String activeSha;
    /** {@link Variables#fingerprint()} of the env file the active version was resolved with. */
    private @Nullable String activeVariables;
    /** Written by the coordinator thread, read by the status writer. */
    private volatile @Nullable Long activeVersionId;
    private String activeText = "";
    private final TextDiff.Chain textDiff = new TextDiff.Chain();

    public ReloadCoordinator(Path configFile, ConfigLoader loader, AuditStore audit, BotRuntime runtime,
            Clock clock, ReloadListener listener) {
        this.configFile = configFile;
        this.loader = loader;
        this.audit = audit;
        this.runtime = runtime;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * What runs instead of the file on disk when that file was rejected at start-up: the last
     * version a reload applied, as the design's outcomes section says. Set by {@link #start},
     * cleared by the first later reload that gets past validation.
     */
    public record Fallback(long versionId, long appliedByReload, long rejectedReload, List<String> problems) {
        public Fallback {
            problems = List.copyOf(problems);
        }

        /** One line for logs and {@code hupbot status}: which version runs and why. */
        public String describe() {
            return "running the last applied version (config version #" + versionId + ", reload #" + appliedByReload
                    + "): the file on disk was rejected at start-up (reload #" + rejectedReload + ")";
        }
    }

    private volatile @Nullable Fallback fallback;

    /**
     * Loads the file for the first time, on the caller's thread, then starts the worker. When the
     * file is rejected and the audit database holds a version applied before, the bots run that
     * version ({@link #fallback()}); the result is still the STARTUP reload's REJECTED one.
     */
    public ReloadResult start() {
        ReloadResult first = reload(Trigger.STARTUP, clock.instant(), 0);
        if (first.outcome() == Outcome.REJECTED) {
            fallback = runLastApplied(first);
        }
        Thread thread = new Thread(this::work, "reload-coordinator");
        thread.setDaemon(true);
        synchronized (lock) {
            worker = thread;
        }
        thread.start();
        return first;
    }

    /** The version that runs because the file was rejected at start-up, until a reload gets past validation. */
    public Optional<Fallback> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** Runs the last applied version after a rejected start; null when there is none, or it no longer loads. */
    private @Nullable Fallback runLastApplied(ReloadResult rejected) {
        Optional<AppliedVersion> last;
        try {
            last = audit.lastApplied();
        } catch (RuntimeException e) {
            log.error("Configuration rejected at start-up, and the last applied version cannot be read: {}", e.getMessage());
            return null;
        }
        if (last.isEmpty()) {
            return null;
        }
        AppliedVersion version = last.get();
        byte[] bytes = version.text().getBytes(StandardCharsets.UTF_8);
        // Through the same entry point as the file: ${NAME} resolves as it would for the file today.
        LoadResult loaded = loader.parse(configFile.toString(), bytes);
        BotsConfig config = loaded.config();
        if (!loaded.valid() || config == null) {
            log.error("Configuration rejected at start-up, and the last applied version (config version #{}, reload #{})"
                    + " does not load either: {}", version.versionId(), version.reloadId(),
                    loaded.errors().stream().map(Problem::format).collect(java.util.stream.Collectors.joining("; ")));
            return null;
        }
        List<AppliedChange> results = runtime.apply(config, ConfigDiff.between(runtime.active(), config));
        results.stream().filter(r -> !r.applied()).forEach(r -> log.warn("{} FAILED: {}", r.change().logLine(), r.error()));
        activeSha = sha256(bytes);
        activeVersionId = version.versionId();
        activeText = version.text();
        Fallback running = new Fallback(version.versionId(), version.reloadId(), rejected.reloadId(), rejected.problems());
        log.error("Configuration rejected at start-up - running the last applied version (config version #{}, reload #{}): {}",
                version.versionId(), version.reloadId(), String.join("; ", rejected.problems()));
        return running;
    }

    /** The id of the config version the bots run now; null before anything was applied. */
    public @Nullable Long activeVersionId() {
        return activeVersionId;
    }

    /**
     * Asks for a reload; returns at once. The future completes with the reload that covers this
     * request, or is cancelled when the coordinator closes first. Safe to call from a signal handler.
     */
    public CompletableFuture<ReloadResult> request(Trigger trigger) {
        CompletableFuture<ReloadResult> result = new CompletableFuture<>();
        synchronized (lock) {
            if (closing) {
                result.cancel(false);
                return result;
            }
            if (pending) {
                coalesced++;
            } else {
                pending = true;
                pendingTrigger = trigger;
                pendingSince = clock.instant();
            }
            waiters.add(result);
            lock.notifyAll();
        }
        return result;
    }

    private void work() {
        while (true) {
            Trigger trigger;
            Instant since;
            int folded;
            List<CompletableFuture<ReloadResult>> served;
            synchronized (lock) {
                while (!pending && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closing) {
                    return;
                }
                trigger = pendingTrigger;
                since = pendingSince;
                folded = coalesced;
                served = waiters;
                pending = false;
                coalesced = 0;
                waiters = new ArrayList<>();
            }
            ReloadResult result;
            try {
                result = reload(trigger, since, folded);
            } catch (Throwable e) {
                // reload() catches everything; this is for a failure in its own error path (an Error
                // while recording an Error). The waiters still get an answer and the worker goes on.
                result = new ReloadResult(0, trigger, Outcome.REJECTED, List.of(), List.of(internalError(e)), folded, Duration.ZERO);
                handOver(e);
            }
            ReloadResult done = result;
            served.forEach(f -> f.complete(done));
        }
    }

    /** One reload, start to finish. Never throws. */
    ReloadResult reload(Trigger trigger, Instant requestedAt, int folded) {
        long started = System.nanoTime();
        long id;
        try {
            id = audit.beginReload(trigger, requestedAt, configFile.toString(), folded);
            // Logged once the row is on disk: whoever reads this line (an operator, a test that
            // kills the process on it) knows a crash from here on leaves an INTERRUPTED row.
            logStart(trigger, folded);
        } catch (AuditException e) {
            logStart(trigger, folded);
            String problem = "audit database unavailable (" + e.getMessage() + "); nothing applied, no change without a record";
            log.error("Failed to reload configuration - keeping existing configuration (no reload row): {}", problem);
            return notify(new ReloadResult(0, trigger, Outcome.REJECTED, List.of(), List.of(problem), folded, since(started)));
        }
        Attempt attempt = new Attempt(id, trigger, folded, started);
        try {
            return notify(run(attempt));
        } catch (Throwable e) {
            // A bug, not bad input, or an Error (a stack overflow, out of memory): still this reload's
            // REJECTED row, never a dead worker nor a row left IN_PROGRESS.
            log.error("reload #{} failed unexpectedly", id, e);
            ReloadResult failed = notify(attempt.finish(Outcome.REJECTED, List.of(internalError(e)), List.of()));
            handOver(e);
            return failed;
        }
    }

    /** The problem line of a reload that failed on a throwable: what it was, and that it is a bug to report. */
    static String internalError(Throwable e) {
        return "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "; the running configuration stays as it was before this reload - please report this with the log";
    }

    /**
     * An OutOfMemoryError goes on to this thread's uncaught-exception handler once its row is
     * recorded, as if it had escaped: a process that exits on OOM (so that a supervisor starts a
     * clean one) does so. Handing it over rather than rethrowing keeps this worker alive when the
     * handler lets the process go on (an embedding application's choice). With
     * {@code -XX:+ExitOnOutOfMemoryError} the JVM exits before any catch runs.
     */
    private static void handOver(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            Thread self = Thread.currentThread();
            try {
                self.getUncaughtExceptionHandler().uncaughtException(self, e);
            } catch (RuntimeException ignored) {
                // A handler that throws must not take the worker with it.
            }
        }
    }

    private void logStart(Trigger trigger, int folded) {
        if (trigger == Trigger.STARTUP) {
            log.info("Loading configuration from {}", configFile);
        } else {
            log.info("{} - reloading configuration...{}", startedBy(trigger),
                    folded > 0 ? " (" + folded + " more signals folded in)" : "");
        }
    }

    /** The start of the reload's first log line: {@code SIGHUP received}, as the design pins it. */
    private static String startedBy(Trigger trigger) {
        return switch (trigger) {
            case WATCH -> "Config file changed (WATCH)";
            case HTTP -> "POST /-/reload received (HTTP)";
            default -> trigger + " received";
        };
    }

    private ReloadResult run(Attempt attempt) {
        ConfigLoader.FileRead read = loader.read(configFile);
        byte[] bytes = read.content();
        Variables variables = read.variables();
        if (bytes == null || variables == null) {
            return attempt.reject(read.problems().stream().map(Problem::format).toList());
        }
        String sha = sha256(bytes);
        // Same bytes are no change only when the env file gave the same values too: a token
        // replaced in the env file must reach its bot.
        if (sha.equals(activeSha) && variables.fingerprint().equals(activeVariables)) {
            fallback = null; // the file on disk is what runs again
            attempt.plan(activeVersionId, activeVersionId, List.of(), "");
            return attempt.finish(Outcome.UNCHANGED, List.of(), List.of());
        }
        LoadResult loaded = loader.parse(configFile.toString(), bytes, variables);
        loaded.warnings().forEach(w -> log.warn("{}", w.format()));
        BotsConfig next = loaded.config();
        if (!loaded.valid() || next == null) {
            @Nullable String text = strictUtf8(bytes);
            // Secret-looking values blanked: a rejected file may be a .env saved here by mistake.
            Long rejectedVersion = text == null ? null : audit.storeVersion(RejectedText.redact(text), clock.instant());
            attempt.plan(activeVersionId, rejectedVersion, List.of(), "");
            return attempt.reject(loaded.errors().stream().map(Problem::format).toList());
        }
        ConfigDiff diff = ConfigDiff.between(runtime.active(), next);
        String text = loaded.text();
        long versionId;
        try {
            versionId = audit.storeVersion(text, clock.instant());
            attempt.plan(activeVersionId, versionId, diff.changes(),
                    textDiff.unified(configFile.toString(), activeText, configFile.toString(), text));
        } catch (AuditException e) {
            return attempt.reject(List.of("could not record the reload in the audit database (" + e.getMessage()
                    + "); nothing applied, no change without a record — check that the data directory is writable"));
        }
        List<AppliedChange> results = runtime.apply(next, diff);
        fallback = null;
        activeSha = sha;
        activeVariables = variables.fingerprint();
        activeVersionId = versionId;
        activeText = text;
        results.forEach(r -> log.info("{}{}", r.change().logLine(), r.applied() ? "" : " FAILED: " + r.error()));
        boolean partial = results.stream().anyMatch(r -> !r.applied());
        Outcome outcome = diff.isEmpty() ? Outcome.UNCHANGED : partial ? Outcome.PARTIAL : Outcome.APPLIED;
        List<String> problems = results.stream()
                .filter(r -> !r.applied())
                .map(r -> "bot=" + r.change().bot() + " " + r.change().path() + ": " + r.error())
                .distinct()
                .toList();
        return attempt.finish(outcome, problems, results);
    }

    private ReloadResult notify(ReloadResult result) {
        try {
            listener.onReload(result);
        } catch (Throwable e) {
            log.warn("a reload listener failed: {}", e.toString());
            handOver(e);
        }
        return result;
    }

    /** Stops taking requests, lets a running reload finish (up to {@code timeout}), stops the worker. */
    public void close(Duration timeout) {
        Thread thread;
        List<CompletableFuture<ReloadResult>> dropped;
        synchronized (lock) {
            closing = true;
            thread = worker;
            dropped = waiters;
            waiters = new ArrayList<>();
            lock.notifyAll();
        }
        dropped.forEach(f -> f.cancel(false));
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static @Nullable String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The audit row of one reload and the log lines that close it. */
    private final class Attempt {
        private final long id;
        private final Trigger trigger;
        private final int folded;
        private final long started;

        Attempt(long id, Trigger trigger, int folded, long started) {
            this.id = id;
            this.trigger = trigger;
            this.folded = folded;
            this.started = started;
        }

        void plan(@Nullable Long previous, @Nullable Long next, List<FieldChange> changes, String textDiff) {
            audit.recordPlan(id, previous, next, changes, textDiff);
        }

        ReloadResult reject(List<String> problems) {
            return finish(Outcome.REJECTED, problems, List.of());
        }

        ReloadResult finish(Outcome outcome, List<String> problems, List<AppliedChange> results) {
            Duration took = since(started);
            double ms = took.toNanos() / 1e6;
            List<String> allProblems = new ArrayList<>(problems);
            try {
                audit.finishReload(id, outcome, clock.instant(), ms, problems, results);
            } catch (RuntimeException e) {
                allProblems.add("could not finish audit row #" + id + ": " + e.getMessage());
            }
            ReloadResult result = new ReloadResult(id, trigger, outcome, results, allProblems, folded, took);
            logOutcome(result, ms);
            return result;
        }

        private void logOutcome(ReloadResult result, double ms) {
            String took = String.format(java.util.Locale.ROOT, "%.0f ms", ms);
            switch (result.outcome()) {
                case APPLIED -> log.info("Configuration reloaded successfully (reload #{}, {}, {})", id, summary(result), took);
                case UNCHANGED -> log.info("Configuration unchanged (reload #{}, {})", id, took);
                case PARTIAL -> log.warn("Configuration partially applied (reload #{}, {}, {}): {}", id, summary(result), took,
                        String.join("; ", result.problems()));
                default -> {
                    String first = result.problems().isEmpty() ? "(no reason given)" : result.problems().get(0);
                    log.error("Failed to reload configuration - keeping existing configuration (reload #{}): {}", id, first);
                    result.problems().stream().skip(1).forEach(p -> log.error("  {}", p));
                }
            }
        }
    }

    private static String summary(ReloadResult result) {
        return ConfigDiff.summary(result.changes().size(), (int) result.botsChanged());
    }

    /** For tests of shutdown: waits until the worker has exited. */
    boolean awaitWorkerExit(long timeout, TimeUnit unit) throws InterruptedException {
        Thread thread;
        synchronized (lock) {
            thread = worker;
        }
        if (thread == null) {
            return true;
        }
        thread.join(unit.toMillis(timeout));
        return !thread.isAlive();
    }
}
