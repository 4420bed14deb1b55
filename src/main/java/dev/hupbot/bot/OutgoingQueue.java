package dev.hupbot.bot;

import dev.hupbot.chat.SendRate;
import dev.hupbot.config.BotConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot's chat lines on their way out, in front of the transport's own send queue.
 *
 * <p>Twitch lets an ordinary account send 20 lines per 30 s; twitch4j delays the rest in a queue
 * of 200, so under a command flood an answer went out minutes after its line, and after a reload
 * the old answers kept coming. Here every line waits at most {@link #MAX_WAIT} from the moment it
 * answers (the chat line's arrival, or when a timer, intro or AI reply was ready): one that could
 * not be sent by then is dropped and counted, never posted late. Lines are handed to the transport
 * only as fast as the bot's {@link SendRate} allows, so the transport's queue stays empty. The
 * queue holds at most {@link #perChannel what the rate can send in time} per channel (at least
 * {@link #PER_CHANNEL}) and {@link #CHANNELS_PER_BOT} times that in all; beyond that the oldest goes.
 *
 * <p>A line's text is built when it is sent, from the bot's settings at that moment ({@link
 * Composer}), so a reload's new response applies to every answer not yet sent. Every text passes
 * {@link OutgoingText#safe} on its way out.
 *
 * <p>{@link #drain} runs on one thread (the runtime's sender); {@link #offer} from any.
 */
final class OutgoingQueue {
    private static final Logger log = LoggerFactory.getLogger(OutgoingQueue.class);

    /** The longest a line may wait to be sent, from the moment it answers. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /**
     * Lines waiting per channel at the slowest rates: at Twitch's pace for an ordinary account
     * (one per 1.5 s) more could never make it in time. Faster rates hold what they can send
     * within {@link #MAX_WAIT}, up to {@link #MAX_PER_CHANNEL}, so a busy sender thread's pause
     * does not cost answers.
     */
    static final int PER_CHANNEL = 10;
    static final int MAX_PER_CHANNEL = 500;
    /** Lines waiting per bot, all channels together, as a multiple of the per-channel bound. */
    static final int CHANNELS_PER_BOT = 5;
    /** How soon to ask again when the transport's own allowance is used up. */
    static final Duration RETRY = Duration.ofMillis(100);
    /**
     * Between two lines handed to a rate-limited transport: it spends its allowance on its own
     * threads a moment later, and {@link Sink#ready} must see that before the next line.
     */
    static final Duration SPACING = Duration.ofMillis(20);
    /** At most one log line per bot about dropped lines per this much time. */
    static final Duration LOG_EVERY = Duration.ofSeconds(30);

    /** Why a line was not sent; the label value of {@code hupbot_chat_replies_dropped_total}. */
    enum Drop {
        /** Not sendable within {@link #MAX_WAIT}: the rate limit was used up. */
        LATE,
        /** Pushed out by newer lines when the queue was full. */
        QUEUE_FULL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Builds a line's text with the settings active when it is sent; "" for nothing to say any more. */
    @FunctionalInterface
    interface Composer {
        String compose(BotConfig current);
    }

    /** The chat connection's side. */
    @FunctionalInterface
    interface Sink {
        /** Hands a finished line to the chat connection; false when the bot is not in chat. */
        boolean send(String channel, String text);

        /** False while the connection's own rate limit would hold a line back. */
        default boolean ready() {
            return true;
        }
    }

    /** Asks for {@link #drain} to run again after {@code delay} (zero: as soon as possible). */
    @FunctionalInterface
    interface Waker {
        void wakeIn(Duration delay);
    }

    private record Entry(String channel, String key, Instant deadline, Composer composer) {}

    private final String bot;
    private final SendRate rate;
    private final Clock clock;
    private final Supplier<BotConfig> settings;
    private final Sink sink;
    private final Waker waker;
    private final int perChannel;
    private final int perBot;
    private final Duration spacing;
    private final Deque<Entry> pending = new ArrayDeque<>();
    /** Lines taken from {@link #pending} and not sent yet (being worded or written). Guarded by this. */
    private int sending;
    private final Map<Drop, AtomicLong> dropped = new EnumMap<>(Drop.class);
    /** Guarded by this. */
    private double tokens;
    /** Guarded by this. */
    private Instant refilledAt;
    /** Guarded by this: the wake already asked for, so a flood does not schedule one per line. */
    private @Nullable Instant wakeAt;
    /** Guarded by this: a run is queued already, so a flood does not queue one per line. */
    private boolean drainQueued;
    /** Guarded by this: drops since the last log line, and when that was. */
    private long unlogged;
    private @Nullable Instant loggedAt;

    OutgoingQueue(String bot, SendRate rate, Clock clock, Supplier<BotConfig> settings, Sink sink, Waker waker) {
        this.bot = bot;
        this.rate = rate;
        this.clock = clock;
        this.settings = settings;
        this.sink = sink;
        this.waker = waker;
        this.tokens = rate.unlimited() ? 0 : rate.capacity();
        this.perChannel = perChannel(rate);
        this.perBot = perChannel * CHANNELS_PER_BOT;
        Duration perLine = rate.unlimited() ? Duration.ZERO : rate.period().dividedBy(rate.capacity());
        this.spacing = perLine.compareTo(SPACING) < 0 ? perLine : SPACING;
        this.refilledAt = clock.instant();
        for (Drop d : Drop.values()) {
            dropped.put(d, new AtomicLong());
        }
    }

    /** Queues a line that answers something that happened at {@code since}. */
    void offer(String channel, Instant since, Composer composer) {
        String key = ChannelNames.key(channel);
        synchronized (this) {
            if (countIn(key) >= perChannel) {
                removeOldestIn(key);
                drop(Drop.QUEUE_FULL);
            }
            if (pending.size() >= perBot) {
                pending.removeFirst();
                drop(Drop.QUEUE_FULL);
            }
            pending.addLast(new Entry(channel, key, since.plus(MAX_WAIT), composer));
            logDrops(clock.instant());
        }
        wake(Duration.ZERO);
    }

    /** Sends every line the rate allows now, drops those past their time, and plans the next run. */
    void drain() {
        while (true) {
            Entry next;
            synchronized (this) {
                drainQueued = false;
                Instant now = clock.instant();
                if (wakeAt != null && !now.isBefore(wakeAt)) {
                    wakeAt = null;
                }
                dropLate(now);
                logDrops(now);
                if (pending.isEmpty()) {
                    return;
                }
                Duration wait = waitForToken(now);
                if (wait.isZero() && !sink.ready()) {
                    wait = RETRY; // our count and the transport's drifted apart (a reconnect spent some): its word wins
                }
                if (!wait.isZero()) {
                    wake(wait);
                    return;
                }
                next = pending.removeFirst();
                sending++;
            }
            try {
                // built outside the lock: it reads the settings and renders placeholders
                String text = OutgoingText.safe(next.composer().compose(settings.get()));
                if (text.isEmpty()) {
                    continue; // the reply has nothing left to say (command removed, only "/" left): no token spent
                }
                synchronized (this) {
                    tokens -= 1;
                }
                sink.send(next.channel(), text);
                if (!spacing.isZero()) {
                    if (pending() > 0) {
                        wake(spacing);
                    }
                    return;
                }
            } finally {
                synchronized (this) {
                    sending--;
                }
            }
        }
    }

    /** What {@code rate} can send within {@link #MAX_WAIT}, between the two bounds. */
    static int perChannel(SendRate rate) {
        if (rate.unlimited()) {
            return MAX_PER_CHANNEL;
        }
        double inTime = (double) rate.capacity() * MAX_WAIT.toNanos() / rate.period().toNanos();
        return (int) Math.max(PER_CHANNEL, Math.min(MAX_PER_CHANNEL, Math.ceil(inTime)));
    }

    long dropped(Drop reason) {
        return dropped.get(reason).get();
    }

    /** Nothing waiting and nothing being sent now: what the shell chat's end of input waits for. */
    synchronized boolean idle() {
        return pending.isEmpty() && sending == 0;
    }

    synchronized int pending() {
        return pending.size();
    }

    /** Forgets every waiting line (the bot left chat); they are not counted as dropped. */
    synchronized void clear() {
        pending.clear();
    }

    private void dropLate(Instant now) {
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            if (it.next().deadline().isBefore(now)) {
                it.remove();
                drop(Drop.LATE);
            }
        }
    }

    /** Refills the bucket to {@code now}; zero when a token is there, else how long until one is. */
    private Duration waitForToken(Instant now) {
        if (rate.unlimited()) {
            return Duration.ZERO;
        }
        double perNano = (double) rate.capacity() / rate.period().toNanos();
        long elapsed = Duration.between(refilledAt, now).toNanos();
        if (elapsed > 0) {
            tokens = Math.min(rate.capacity(), tokens + elapsed * perNano);
        }
        refilledAt = now; // a clock stepped back refills nothing, and does not stall the bucket either
        if (tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }

    private void wake(Duration delay) {
        Instant at = clock.instant().plus(delay);
        synchronized (this) {
            if (delay.isZero()) {
                if (drainQueued) {
                    return;
                }
                drainQueued = true;
            } else if (wakeAt != null && !wakeAt.isAfter(at)) {
                return; // a run is already planned for then or sooner
            } else {
                wakeAt = at;
            }
        }
        waker.wakeIn(delay);
    }

    private int countIn(String key) {
        int n = 0;
        for (Entry e : pending) {
            if (e.key().equals(key)) {
                n++;
            }
        }
        return n;
    }

    private void removeOldestIn(String key) {
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            if (it.next().key().equals(key)) {
                it.remove();
                return;
            }
        }
    }

    /** Counts a drop; {@link #logDrops} reports it. */
    private void drop(Drop reason) {
        dropped.get(reason).incrementAndGet();
        unlogged++;
    }

    /** At most one log line per {@link #LOG_EVERY}, with what was dropped since the last one: a flood must not flood the log. */
    private void logDrops(Instant now) {
        if (unlogged == 0 || loggedAt != null && now.isBefore(loggedAt.plus(LOG_EVERY)) && !now.isBefore(loggedAt)) {
            return;
        }
        log.warn("bot={} dropped {} chat line(s) the chat's rate limit would have posted more than {}s late "
                + "({} late, {} over the queue's bound so far); cooldown_seconds on busy commands avoids this",
                bot, unlogged, MAX_WAIT.toSeconds(), dropped(Drop.LATE), dropped(Drop.QUEUE_FULL));
        unlogged = 0;
        loggedAt = now;
    }
}
