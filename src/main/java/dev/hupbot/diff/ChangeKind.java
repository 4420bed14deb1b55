package dev.hupbot.diff;

public enum ChangeKind {
    ADDED,
    REMOVED,
    CHANGED
}
