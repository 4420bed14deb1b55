package dev.hupbot.diff;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a diff, and the shape of one audit row: which bot, which property path
 * ({@code ai.temperature}, {@code commands.hello.response}, {@code channels}; {@link
 * FieldPaths#BOT} for a whole bot added or removed), old and new value in display form
 * (secrets already redacted), and the action that applies it.
 */
public record FieldChange(
        String bot,
        String path,
        ChangeKind kind,
        @Nullable String oldValue,
        @Nullable String newValue,
        ApplyAction action) {

    /**
     * {@code bot=stickyman ai.temperature: 0.7 -> 0.9 [HOT]}, the design's log line; a whole bot
     * reads {@code bot=chat_warden (added) [START]}.
     */
    public String logLine() {
        if (path.equals(FieldPaths.BOT)) {
            return "bot=" + bot + " (" + (kind == ChangeKind.ADDED ? "added" : "removed") + ") [" + action + "]";
        }
        return "bot=" + bot + " " + path + ": " + display(oldValue) + " -> " + display(newValue) + " [" + action + "]";
    }

    private static String display(@Nullable String value) {
        return value == null ? "(none)" : value;
    }
}
