package dev.hupbot.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Another process on the same data directory. {@code share DIR TIME}: as the CLI while the bot
 * runs, it reads what the first process wrote, writes a reload of its own and prints what it saw.
 * {@code die DIR TIME}: a bot killed mid-reload, it records a plan and halts without closing.
 * {@code hold DIR TIME}: a CLI or console that opened the file first, it serves it to the others
 * until a line arrives on stdin, then closes.
 */
public final class AuditStoreChildProcess {
    private AuditStoreChildProcess() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[1]);
        Instant time = Instant.parse(args[2]);
        if (args[0].equals("hold")) {
            try (AuditStore store = AuditStore.open(dataDir)) {
                System.out.println("holding " + store.latestReloadId());
                System.out.flush();
                System.in.read();
            }
            return;
        }
        if (args[0].equals("die")) {
            AuditStore store = AuditStore.open(dataDir);
            long id = store.beginReload(Trigger.SIGHUP, time, "bots.toml", 0);
            store.recordPlan(id, null, store.storeVersion("being applied", time), List.of(), "");
            System.out.println("planned " + id);
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
        try (AuditStore store = AuditStore.open(dataDir)) {
            String seen = store.lastAppliedText().orElse("(none)");
            long id = store.beginReload(Trigger.CLI, time, "from-child.toml", 0);
            store.finishReload(id, Outcome.UNCHANGED, time, 1.0, List.of(), List.of());
            System.out.println("seen=" + seen + " wrote=" + id);
        }
    }
}
