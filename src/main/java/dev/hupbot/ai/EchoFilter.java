package dev.hupbot.ai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;

/**
 * Lines the crew sent itself. They are in the history from the moment they are sent (a bot alone
 * in a channel never hears its own line back); when another crew bot then receives the same line,
 * it must not be recorded a second time.
 */
final class EchoFilter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int CAPACITY = 256;

    private record Sent(String bot, String channel, String text, Instant at) {}

    private final Clock clock;
    private final Deque<Sent> sent = new ArrayDeque<>();

    EchoFilter(Clock clock) {
        this.clock = clock;
    }

    synchronized void sent(String bot, String channel, String text) {
        sent.addLast(new Sent(bot.toLowerCase(Locale.ROOT), Channels.key(channel), text.strip(), clock.instant()));
        while (sent.size() > CAPACITY) {
            sent.removeFirst();
        }
    }

    /** True, once, when this line is one the crew sent recently. */
    synchronized boolean isEcho(String user, String channel, String text) {
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
                return true;
            }
        }
        return false;
    }
}
