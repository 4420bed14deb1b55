package dev.hupbot.ai;

import dev.hupbot.chat.LogSafe;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot's replies, one at a time and in order, each after its delay. Bounded: when the bot
 * falls behind (a busy chat, a slow model), the oldest pending reply is dropped, since an answer
 * to a line minutes old reads as nonsense, and a log line says so.
 */
final class ReplyQueue {
    private static final Logger log = LoggerFactory.getLogger(ReplyQueue.class);

    private final String bot;
    private final int capacity;
    private final Scheduler scheduler;
    private final Consumer<PendingReply> worker;
    private final Consumer<PendingReply> finished;
    private final Deque<PendingReply> pending = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;

    ReplyQueue(String bot, int capacity, Scheduler scheduler, Consumer<PendingReply> worker) {
        this(bot, capacity, scheduler, worker, reply -> { });
    }

    /** @param finished told of every reply that leaves the queue: answered, failed, dropped or cleared */
    ReplyQueue(String bot, int capacity, Scheduler scheduler, Consumer<PendingReply> worker,
            Consumer<PendingReply> finished) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reply queue holds at least 1 reply, got " + capacity);
        }
        this.bot = bot;
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.worker = worker;
        this.finished = finished;
    }

    void offer(PendingReply reply) {
        PendingReply next;
        PendingReply dropped = null;
        synchronized (this) {
            if (closed) {
                next = null;
                dropped = reply;
            } else {
                if (pending.size() >= capacity) {
                    dropped = pending.removeFirst();
                    log.warn("bot={} is falling behind: dropped the oldest pending reply (to {} in #{})", bot,
                            LogSafe.text(dropped.trigger().user()), LogSafe.text(Channels.key(dropped.trigger().channel())));
                }
                pending.addLast(reply);
                if (busy) {
                    next = null;
                } else {
                    busy = true;
                    next = pending.removeFirst();
                }
            }
        }
        if (dropped != null) {
            finished.accept(dropped);
        }
        if (next != null) {
            start(next);
        }
    }

    private void start(PendingReply reply) {
        scheduler.schedule(reply.delay(), () -> run(reply));
    }

    private void run(PendingReply reply) {
        try {
            boolean stopped;
            synchronized (this) {
                stopped = closed;
            }
            if (!stopped) {
                worker.accept(reply);
            }
        } catch (RuntimeException e) {
            log.warn("bot={} reply to {} failed: {}", bot, LogSafe.text(reply.trigger().user()), LogSafe.of(e));
        } finally {
            finished.accept(reply);
            PendingReply next;
            synchronized (this) {
                next = closed ? null : pending.pollFirst();
                busy = next != null;
            }
            if (next != null) {
                start(next);
            }
        }
    }

    /** No reply waiting for its delay, running or queued. */
    synchronized boolean idle() {
        return !busy && pending.isEmpty();
    }

    synchronized int pending() {
        return pending.size();
    }

    /** Forgets what is pending; a reply already running finishes. */
    void close() {
        java.util.List<PendingReply> forgotten;
        synchronized (this) {
            closed = true;
            forgotten = java.util.List.copyOf(pending);
            pending.clear();
        }
        forgotten.forEach(finished);
    }
}
