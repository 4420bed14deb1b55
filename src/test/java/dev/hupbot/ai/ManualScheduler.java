package dev.hupbot.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Holds scheduled tasks until the test runs them, on the test's thread: delays are observed, not waited. */
final class ManualScheduler implements Scheduler {
    record Task(Duration delay, Runnable body) {}

    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        tasks.add(new Task(delay, task));
        delays.add(delay);
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** Every delay ever asked for, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Runs the oldest task (which may schedule more). */
    void runNext() {
        Task next;
        synchronized (this) {
            if (tasks.isEmpty()) {
                throw new IllegalStateException("nothing scheduled");
            }
            next = tasks.remove(0);
        }
        next.body().run();
    }

    /** Runs tasks until none is left, those scheduled meanwhile included. */
    void runAll() {
        while (pending() > 0) {
            runNext();
        }
    }

    /** Tasks scheduled so far, without running them. */
    synchronized List<Task> tasks() {
        return new ArrayList<>(tasks);
    }
}
