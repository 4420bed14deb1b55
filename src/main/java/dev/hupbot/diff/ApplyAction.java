package dev.hupbot.diff;

/** How a change reaches a live bot; see the apply table in {@link FieldPaths}. */
public enum ApplyAction {
    /** Swapped in atomically; no network traffic. */
    HOT,
    /** JOIN added channels, PART removed ones, on the same connection. */
    REJOIN,
    /** This bot alone reconnects with the new credential. */
    RECONNECT,
    /** This bot alone connects. */
    START,
    /** This bot alone leaves. */
    STOP
}
