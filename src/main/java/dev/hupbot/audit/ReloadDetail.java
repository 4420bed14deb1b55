package dev.hupbot.audit;

import java.util.List;

/** Everything about one reload, for {@code history show}. */
public record ReloadDetail(ReloadSummary summary, List<String> problems, List<ChangeRow> changes, String textDiff) {
    public ReloadDetail {
        problems = List.copyOf(problems);
        changes = List.copyOf(changes);
    }
}
