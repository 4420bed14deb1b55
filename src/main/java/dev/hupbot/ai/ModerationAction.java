package dev.hupbot.ai;

/** What one moderation check did about one user. */
record ModerationAction(String bot, String channel, String user, long seconds, String reason, Outcome outcome) {
    enum Outcome {
        /** {@code dry_run = true}: logged, nothing called. */
        DRY_RUN,
        TIMED_OUT,
        /** Twitch refused or could not be reached; logged. */
        FAILED,
        /** The chat gave no Twitch ids to act on (the shell chat). */
        NO_TWITCH_IDS
    }
}
