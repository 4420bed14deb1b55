package dev.hupbot.ai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Lines the crew sent itself. They are in the history from the moment they are sent (a bot alone
 * in a channel never hears its own line back); when another crew bot then receives the same line,
 * it must not be recorded a second time, and it keeps its place in the bot-to-bot chain.
 */
final class EchoFilter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int CAPACITY = 256;

    /**
     * A sent line: its place in the history, and how many bot lines led to it ({@code depth} 1 for
     * an answer to a viewer, 2 for an answer to that answer...).
     */
    record Echo(long seq, int depth) {}

    private record Sent(String bot, String channel, String text, Instant at, Echo echo) {}

    private final Clock clock;
    private final Deque<Sent> sent = new ArrayDeque<>();

    EchoFilter(Clock clock) {
        this.clock = clock;
    }

    synchronized void sent(String bot, String channel, String text, long seq, int depth) {
        sent.addLast(new Sent(bot.toLowerCase(Locale.ROOT), Channels.key(channel), text.strip(), clock.instant(),
                new Echo(seq, depth)));
        while (sent.size() > CAPACITY) {
            sent.removeFirst();
        }
    }

    /** The sent line this one echoes, once; null when the crew did not send it recently. */
    synchronized @Nullable Echo take(String user, String channel, String text) {
        Instant oldest = clock.instant().minus(WINDOW);
        String bot = user.toLowerCase(Locale.ROOT);
        String key = Channels.key(channel);
        String body = text.strip();
        for (Iterator<Sent> it = sent.iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.at().isBefore(oldest)) {
                it.remove();
            } else if (s.bot().equals(bot) && s.channel().equals(key) && s.text().equals(body)) {
                it.remove();
                return s.echo();
            }
        }
        return null;
    }
}
