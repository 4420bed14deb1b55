package dev.hupbot.ai;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link Scheduler}: one timer thread counts the delays and hands each task to a
 * worker pool, so a slow LLM call never holds up another bot's timer. Daemon threads: they never
 * keep the JVM alive, and {@link #close()} stops them.
 */
public final class DaemonScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("ai-timer"));
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("ai-worker"));

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            if (delay.isZero() || delay.isNegative()) {
                workers.execute(task);
            } else {
                timer.schedule(() -> runOnWorker(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException closed) {
            // Closing: pending replies and checks are dropped on purpose.
        }
    }

    private void runOnWorker(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException closed) {
            // Closed between the timer firing and the hand-off.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
