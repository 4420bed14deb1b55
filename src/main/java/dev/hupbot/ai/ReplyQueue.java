package dev.hupbot.ai;

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
    private final Deque<PendingReply> pending = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;

    ReplyQueue(String bot, int capacity, Scheduler scheduler, Consumer<PendingReply> worker) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reply queue holds at least 1 reply, got " + capacity);
        }
        this.bot = bot;
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.worker = worker;
    }

    void offer(PendingReply reply) {
        PendingReply next;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending.size() >= capacity) {
                PendingReply dropped = pending.removeFirst();
                log.warn("bot={} is falling behind: dropped the oldest pending reply (to {} in #{})", bot,
                        dropped.trigger().user(), Channels.key(dropped.trigger().channel()));
            }
            pending.addLast(reply);
            if (busy) {
                return;
            }
            busy = true;
            next = pending.removeFirst();
        }
        start(next);
    }

    private void start(PendingReply reply) {
        scheduler.schedule(reply.delay(), () -> run(reply));
    }

    private void run(PendingReply reply) {
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            worker.accept(reply);
        } catch (RuntimeException e) {
            log.warn("bot={} reply to {} failed: {}", bot, reply.trigger().user(), e.toString());
        } finally {
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
    synchronized void close() {
        closed = true;
        pending.clear();
    }
}
