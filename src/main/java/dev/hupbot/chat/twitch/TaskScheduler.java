package dev.hupbot.chat.twitch;

import java.time.Duration;

/** Runs a task once after a delay: a thread pool in production, a hand-moved clock in tests. */
@FunctionalInterface
interface TaskScheduler {
    /** Schedules {@code task}; the handle cancels it if it has not started yet. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NOTHING = () -> { };

        void cancel();
    }
}
