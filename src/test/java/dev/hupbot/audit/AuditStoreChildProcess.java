package dev.hupbot.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A second process on the same data directory, as the CLI is while the bot runs: it reads what
 * the first wrote, writes a reload of its own and prints what it saw.
 */
public final class AuditStoreChildProcess {
    private AuditStoreChildProcess() {}

    public static void main(String[] args) {
        try (AuditStore store = AuditStore.open(Path.of(args[0]))) {
            String seen = store.lastAppliedText().orElse("(none)");
            long id = store.beginReload(Trigger.CLI, Instant.parse(args[1]), "from-child.toml", 0);
            store.finishReload(id, Outcome.UNCHANGED, Instant.parse(args[1]), 1.0, List.of(), List.of());
            System.out.println("seen=" + seen + " wrote=" + id);
        }
    }
}
