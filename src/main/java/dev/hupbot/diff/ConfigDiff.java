package dev.hupbot.diff;

import dev.hupbot.config.BotsConfig;
import java.util.List;

/**
 * The structured difference between two configs, keyed by bot name: whole bots added and
 * removed (path {@link FieldPaths#BOT}) and every changed field, each with its apply action.
 * Reordering bots or keys is no change.
 */
public record ConfigDiff(List<FieldChange> changes) {
    public ConfigDiff {
        changes = List.copyOf(changes);
    }

    public static ConfigDiff between(BotsConfig before, BotsConfig after) {
        throw new UnsupportedOperationException("ConfigDiff.between " + before + after);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
