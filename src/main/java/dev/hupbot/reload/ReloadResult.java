package dev.hupbot.reload;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import java.time.Duration;
import java.util.List;

/**
 * How one reload ended. {@code reloadId} is its audit row (0 when even the row could not be
 * written); {@code problems} are formatted {@code file:line:col: ...} lines or other reasons.
 */
public record ReloadResult(
        long reloadId,
        Trigger trigger,
        Outcome outcome,
        List<AppliedChange> changes,
        List<String> problems,
        int coalescedSignals,
        Duration duration) {

    public ReloadResult {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public long botsChanged() {
        return changes.stream().map(c -> c.change().bot()).distinct().count();
    }
}
