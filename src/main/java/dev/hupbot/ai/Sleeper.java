package dev.hupbot.ai;

import java.time.Duration;

/** Waits between retries; injected so tests check backoff without real sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
