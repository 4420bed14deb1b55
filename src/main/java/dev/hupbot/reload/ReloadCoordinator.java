package dev.hupbot.reload;

import dev.hupbot.audit.AppliedChange;
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
    private @Nullable Long activeVersionId;
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

    /** Loads the file for the first time, on the caller's thread, then starts the worker. */
    public ReloadResult start() {
        ReloadResult first = reload(Trigger.STARTUP, clock.instant(), 0);
        Thread thread = new Thread(this::work, "reload-coordinator");
        thread.setDaemon(true);
        synchronized (lock) {
            worker = thread;
        }
        thread.start();
        return first;
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
            ReloadResult result = reload(trigger, since, folded);
            served.forEach(f -> f.complete(result));
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
        } catch (RuntimeException e) {
            // A bug, not bad input: still an outcome with a row, never a dead worker.
            log.error("reload #{} failed unexpectedly", id, e);
            return notify(attempt.finish(Outcome.REJECTED, List.of("internal error: " + e), List.of()));
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
        } catch (RuntimeException e) {
            log.warn("a reload listener failed: {}", e.toString());
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
            } catch (AuditException e) {
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
