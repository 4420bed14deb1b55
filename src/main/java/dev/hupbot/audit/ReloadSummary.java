package dev.hupbot.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of the history: a reload, its outcome and how much it changed. {@code summary} is the
 * stored one-liner ({@code 3 changes in 2 bots}, or the first problem of a rejected file).
 */
public record ReloadSummary(
        long id,
        Trigger trigger,
        Instant requestedAt,
        @Nullable Instant finishedAt,
        Outcome outcome,
        String configPath,
        @Nullable Long previousVersionId,
        @Nullable Long newVersionId,
        int coalescedSignals,
        int changes,
        int botsChanged,
        @Nullable Double durationMs,
        String summary) {

    /** Without a stored summary: derives one from the outcome and the counts. */
    public ReloadSummary(
            long id,
            Trigger trigger,
            Instant requestedAt,
            @Nullable Instant finishedAt,
            Outcome outcome,
            String configPath,
            @Nullable Long previousVersionId,
            @Nullable Long newVersionId,
            int coalescedSignals,
            int changes,
            int botsChanged,
            @Nullable Double durationMs) {
        this(id, trigger, requestedAt, finishedAt, outcome, configPath, previousVersionId, newVersionId,
                coalescedSignals, changes, botsChanged, durationMs,
                Summaries.of(outcome, changes, botsChanged, 0, List.of()));
    }
}
