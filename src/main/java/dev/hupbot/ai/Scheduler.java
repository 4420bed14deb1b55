package dev.hupbot.ai;

import java.time.Duration;

/**
 * Runs a task after a delay, off the caller's thread; the task may block (it makes HTTP calls).
 * Injected so tests run human-like delays as 0 ms, or look at the delays without waiting them.
 */
@FunctionalInterface
public interface Scheduler {
    void schedule(Duration delay, Runnable task);
}
