package dev.hupbot.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the history: a reload, its outcome and how much it changed. */
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
        @Nullable Double durationMs) {}
