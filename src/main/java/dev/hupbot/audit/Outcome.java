package dev.hupbot.audit;

/** How a reload ended. {@code IN_PROGRESS} only while it runs, or when the process died. */
public enum Outcome {
    IN_PROGRESS,
    APPLIED,
    UNCHANGED,
    REJECTED,
    PARTIAL,
    INTERRUPTED;

    /** A reload the {@code reload} command reports as success (exit 0). */
    public boolean succeeded() {
        return this == APPLIED || this == UNCHANGED;
    }
}
