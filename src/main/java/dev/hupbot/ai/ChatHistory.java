package dev.hupbot.ai;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recent lines per channel, viewers' and bots' alike, shared by the crew: each bot reads its own
 * window ({@code ai.history_size} lines, none older than {@code ai.history_ttl_seconds}) at
 * request time, so a reload that changes either applies to the next reply.
 */
final class ChatHistory {
    /** The largest {@code ai.history_size} the config allows: more is never read. */
    static final int MAX_LINES_PER_CHANNEL = 1000;

    private final Map<String, Deque<HistoryLine>> channels = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    HistoryLine record(String channel, String user, String text, Instant at) {
        Deque<HistoryLine> lines = channels.computeIfAbsent(Channels.key(channel), c -> new ArrayDeque<>());
        synchronized (lines) {
            // The seq is taken under the channel's lock, so each channel's deque stays in seq order.
            HistoryLine line = new HistoryLine(seq.incrementAndGet(), Channels.key(channel), user, text, at);
            lines.addLast(line);
            while (lines.size() > MAX_LINES_PER_CHANNEL) {
                lines.removeFirst();
            }
            return line;
        }
    }

    /** The last {@code size} lines of {@code channel} up to {@code upToSeq}, none before {@code notBefore}, oldest first. */
    List<HistoryLine> window(String channel, long upToSeq, int size, Instant notBefore) {
        Deque<HistoryLine> lines = channels.get(Channels.key(channel));
        if (lines == null || size <= 0) {
            return List.of();
        }
        List<HistoryLine> newestFirst = new ArrayList<>();
        synchronized (lines) {
            Iterator<HistoryLine> it = lines.descendingIterator();
            while (it.hasNext() && newestFirst.size() < size) {
                HistoryLine line = it.next();
                if (line.at().isBefore(notBefore)) {
                    break;
                }
                if (line.seq() <= upToSeq) {
                    newestFirst.add(line);
                }
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Takes back a line that was recorded but never reached the chat. */
    void forget(HistoryLine line) {
        Deque<HistoryLine> lines = channels.get(line.channel());
        if (lines != null) {
            synchronized (lines) {
                lines.removeIf(l -> l.seq() == line.seq());
            }
        }
    }

    long lastSeq() {
        return seq.get();
    }
}
