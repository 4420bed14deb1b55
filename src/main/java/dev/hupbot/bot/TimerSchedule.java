package dev.hupbot.bot;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.TimerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when the timers of one bot post, in each of its channels.
 *
 * <p>One instance lives as long as its bot, across reloads. Feed it every chat line with
 * {@link #onChatLine} and ask {@link #due} periodically (say every second) with the bot's
 * current settings; the first call starts the clocks. A timer posts in a channel once
 * {@code interval_seconds} have passed since it started or last posted there and at least
 * {@code min_chat_lines} lines arrived there since; while chat is quiet it waits, and posts
 * as soon as enough lines arrive, so an idle channel is not filled with the bot's own
 * messages. The next interval counts from the actual post.
 *
 * <p>Timers are identified by their index in {@code [[bots.timers]]}, like their diff paths
 * ({@code timers[0].interval_seconds}). Across a reload: an edited timer keeps its state, so a
 * new interval counts from its last post; a timer index that first appears starts counting at
 * the first {@code due} call that sees it; state of removed timers and of channels the bot
 * left is dropped.
 *
 * <p>Thread-safe. {@code onChatLine} takes no lock (it runs for every line); {@code due}
 * calls are serialised, so two concurrent calls never post the same timer twice.
 */
public final class TimerSchedule {
    /** Chat lines seen per channel key, ever (only differences are used). */
    private final ConcurrentHashMap<String, AtomicLong> lines = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<Slot, SlotState> slots = new HashMap<>();

    /** Counts one chat line in {@code channel} (with or without {@code #}, any case). */
    public void onChatLine(String channel) {
        lines.computeIfAbsent(ChannelNames.key(channel), k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The timer messages to post now, in timer order and, per timer, in the bot's channel order;
     * each is counted as posted when returned. Messages may use {@code {channel}} and
     * {@code {bot}}.
     */
    public List<TimerPost> due(BotConfig bot, Instant now) {
        Map<String, String> channels = new LinkedHashMap<>();
        for (String channel : bot.channels()) {
            channels.putIfAbsent(ChannelNames.key(channel), channel);
        }
        List<TimerConfig> timers = bot.timers();
        List<TimerPost> posts = new ArrayList<>();
        synchronized (lock) {
            slots.keySet().removeIf(slot -> slot.timer() >= timers.size() || !channels.containsKey(slot.channel()));
            lines.keySet().removeIf(channel -> !channels.containsKey(channel));
            for (int i = 0; i < timers.size(); i++) {
                TimerConfig timer = timers.get(i);
                for (Map.Entry<String, String> channel : channels.entrySet()) {
                    long seen = linesIn(channel.getKey());
                    SlotState state = slots.computeIfAbsent(new Slot(i, channel.getKey()), s -> new SlotState(now, seen));
                    if (isDue(timer, state, now, seen)) {
                        String text = Placeholders.forTimer(ChannelNames.bare(channel.getValue()), bot.name())
                                .apply(timer.message());
                        posts.add(new TimerPost(channel.getValue(), text));
                        state.lastPost = now;
                        state.linesAtLastPost = seen;
                    }
                }
            }
        }
        return posts;
    }

    private static boolean isDue(TimerConfig timer, SlotState state, Instant now, long seen) {
        // at least a second, whatever the file says: a timer must never post on every tick
        long interval = Math.max(1, timer.intervalSeconds());
        if (now.isBefore(state.lastPost.plusSeconds(interval))) {
            return false;
        }
        // a counter dropped and recreated (channel left and rejoined between two calls) starts
        // below the mark; count from the new start rather than waiting for the old total
        long sinceLastPost = seen >= state.linesAtLastPost ? seen - state.linesAtLastPost : seen;
        return sinceLastPost >= timer.minChatLines();
    }

    /** How many (timer, channel) states are kept: for tests that check dropped state is gone. */
    int trackedSlots() {
        synchronized (lock) {
            return slots.size();
        }
    }

    private long linesIn(String channel) {
        AtomicLong count = lines.get(channel);
        return count == null ? 0 : count.get();
    }

    private record Slot(int timer, String channel) {}

    /** When a timer last posted (or started) in one channel, and the line count at that time. */
    private static final class SlotState {
        Instant lastPost;
        long linesAtLastPost;

        SlotState(Instant lastPost, long linesAtLastPost) {
            this.lastPost = lastPost;
            this.linesAtLastPost = linesAtLastPost;
        }
    }
}
