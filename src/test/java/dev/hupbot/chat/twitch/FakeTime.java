package dev.hupbot.chat.twitch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A clock and a scheduler that only move when a test says so: {@link #advance} runs every task that
 * falls due on the way, in time order, each at its own instant, on the test's thread.
 */
final class FakeTime extends Clock implements TaskScheduler {
    private final class Task implements Cancellable {
        final Instant at;
        final long order;
        final Runnable work;
        boolean cancelled;

        Task(Instant at, long order, Runnable work) {
            this.at = at;
            this.order = order;
            this.work = work;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private Instant now;
    private long scheduled;

    FakeTime(Instant start) {
        this.now = start;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), scheduled++, task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward by {@code step}, running what falls due. */
    void advance(Duration step) {
        Instant target = now.plus(step);
        while (true) {
            Optional<Task> next = tasks.stream()
                    .filter(t -> !t.cancelled && !t.at.isAfter(target))
                    .min(Comparator.<Task, Instant>comparing(t -> t.at).thenComparingLong(t -> t.order));
            if (next.isEmpty()) {
                break;
            }
            Task t = next.get();
            tasks.remove(t);
            now = t.at;
            t.work.run();
        }
        now = target;
    }

    /** When the next task that was not cancelled is due, relative to now. */
    Optional<Duration> nextIn() {
        return tasks.stream().filter(t -> !t.cancelled).map(t -> t.at).min(Comparator.naturalOrder())
                .map(at -> Duration.between(now, at));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FakeTime runs in UTC only");
    }
}
