package dev.hupbot.audit;

import dev.hupbot.diff.FieldChange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The reload history in an embedded H2 file database ({@code <data>/hupbot.mv.db}), schema by
 * Flyway ({@code db/migration}). Opened so a second process (the CLI, the H2 console) can read
 * while the bot runs. Every method throws {@link AuditException} when the database fails.
 */
public final class AuditStore implements AutoCloseable {

    /** Opens (creating and migrating when needed) the database in {@code dataDir}. */
    public static AuditStore open(Path dataDir) {
        throw new UnsupportedOperationException("AuditStore.open " + dataDir);
    }

    /** Rows left IN_PROGRESS by a process that died become INTERRUPTED; returns how many. */
    public int markInterrupted(Instant now) {
        throw new UnsupportedOperationException("" + now);
    }

    /** Stores a file text once per distinct SHA-256 and returns its version id. */
    public long storeVersion(String text, Instant seenAt) {
        throw new UnsupportedOperationException(text + seenAt);
    }

    /** Starts a reload row, outcome IN_PROGRESS; returns its id. */
    public long beginReload(Trigger trigger, Instant requestedAt, String configPath, int coalescedSignals) {
        throw new UnsupportedOperationException("" + trigger + requestedAt + configPath + coalescedSignals);
    }

    /**
     * Records, in one transaction, what a reload is about to apply: the previous and new version
     * ids, its change rows (applied = false for now) and the redacted unified text diff.
     */
    public void recordPlan(long reloadId, @Nullable Long previousVersionId, @Nullable Long newVersionId,
            List<FieldChange> changes, String textDiff) {
        throw new UnsupportedOperationException("" + reloadId + previousVersionId + newVersionId + changes + textDiff);
    }

    /**
     * Finishes a reload row. {@code results} are the planned changes as applied (same order);
     * {@code problems} are formatted problem lines.
     */
    public void finishReload(long reloadId, Outcome outcome, Instant finishedAt, double durationMs,
            List<String> problems, List<AppliedChange> results) {
        throw new UnsupportedOperationException("" + reloadId + outcome + finishedAt + durationMs + problems + results);
    }

    /** Newest first. */
    public List<ReloadSummary> history(int limit) {
        throw new UnsupportedOperationException("" + limit);
    }

    public Optional<ReloadDetail> reload(long id) {
        throw new UnsupportedOperationException("" + id);
    }

    /** The exact file text reload {@code id} loaded, when it read one. */
    public Optional<String> loadedText(long id) {
        throw new UnsupportedOperationException("" + id);
    }

    /** The text of the config that is (or was last) running: the newest version a reload applied. */
    public Optional<String> lastAppliedText() {
        throw new UnsupportedOperationException();
    }

    public OptionalLong latestReloadId() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
