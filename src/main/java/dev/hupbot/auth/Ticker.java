package dev.hupbot.auth;

import java.time.Duration;

/** Runs a task again and again; tests pass one they drive themselves. */
@FunctionalInterface
public interface Ticker {
    /** Runs {@code task} every {@code period} until the returned handle is closed. */
    AutoCloseable every(Duration period, Runnable task);
}
