package dev.hupbot.it.support;

import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import java.nio.file.Path;
import java.time.Duration;

/** Reads the reload rows a running hupbot writes, through H2's shared access (as the CLI does). */
public final class AuditRows {
    private AuditRows() {}

    public static long latestId(Path data) {
        try (AuditStore audit = AuditStore.open(data)) {
            return audit.latestReloadId().orElse(0);
        }
    }

    /** The oldest finished reload newer than {@code id}, waiting for it up to {@code timeout}. */
    public static ReloadSummary awaitAfter(Path data, long id, Duration timeout) {
        try (AuditStore audit = AuditStore.open(data)) {
            ReloadSummary[] found = new ReloadSummary[1];
            await().atMost(timeout).pollInterval(Duration.ofMillis(25)).until(() -> {
                found[0] = audit.history(50).stream()
                        .filter(r -> r.id() > id && r.outcome() != Outcome.IN_PROGRESS)
                        .reduce((newer, older) -> older) // newest first: keep the last, the oldest
                        .orElse(null);
                return found[0] != null;
            });
            return found[0];
        }
    }
}
