package dev.hupbot.bot;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.diff.FieldChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live bots. {@link #apply} takes a validated config and its diff and touches only the bots
 * the diff names, each with the action its changes carry: HOT fields are a reference swap,
 * channels are JOIN/PART, a token is a reconnect of that bot alone, and bots start or stop one
 * by one. Every other bot sees nothing.
 */
public final class BotRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotRuntime.class);

    private final ChatTransport transport;
    private final Clock clock;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bot-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile BotsConfig active = new BotsConfig(List.of());

    private final ChatObserver observer;

    public BotRuntime(ChatTransport transport, Clock clock) {
        this(transport, clock, ChatObserver.NONE);
    }

    /** A runtime whose bots also hand every line they receive to {@code observer} (the AI crew). */
    public BotRuntime(ChatTransport transport, Clock clock, ChatObserver observer) {
        this.transport = transport;
        this.clock = clock;
        this.observer = observer;
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The config the bots run with now. */
    public BotsConfig active() {
        return active;
    }

    /** Live state of every configured bot, in file order. */
    public List<BotStatus> status() {
        List<BotStatus> states = new ArrayList<>();
        for (BotConfig config : active.bots()) {
            Bot bot = bots.get(config.name());
            if (bot != null) {
                states.add(bot.status());
            }
        }
        return states;
    }

    /**
     * Brings the bots from the active config to {@code next}, doing what {@code diff} says and
     * nothing more. Returns each change with whether it was applied; a failure of one bot is
     * its rows' error, never an exception, and never stops the others.
     */
    public synchronized List<AppliedChange> apply(BotsConfig next, ConfigDiff diff) {
        Map<String, List<FieldChange>> byBot = new LinkedHashMap<>();
        for (FieldChange change : diff.changes()) {
            byBot.computeIfAbsent(change.bot(), b -> new ArrayList<>()).add(change);
        }
        Map<String, BotConfig> nextByName = next.byName();
        List<AppliedChange> results = new ArrayList<>();
        for (Map.Entry<String, List<FieldChange>> entry : byBot.entrySet()) {
            @Nullable String error = applyBot(entry.getKey(), nextByName.get(entry.getKey()), entry.getValue());
            for (FieldChange change : entry.getValue()) {
                boolean failed = error != null && change.action() != ApplyAction.HOT;
                results.add(new AppliedChange(change, !failed, failed ? error : null));
            }
        }
        // Unchanged bots get the new (equal) records so the active snapshot is exactly `next`.
        for (BotConfig config : next.bots()) {
            Bot bot = bots.get(config.name());
            if (bot != null && !byBot.containsKey(config.name())) {
                bot.swap(config);
            }
        }
        active = next;
        return results;
    }

    /** Applies one bot's changes; returns an error message for its network part, or null. */
    private @Nullable String applyBot(String name, @Nullable BotConfig next, List<FieldChange> changes) {
        Set<ApplyAction> actions = EnumSet.noneOf(ApplyAction.class);
        changes.forEach(c -> actions.add(c.action()));
        Bot bot = bots.get(name);
        try {
            if (next == null) {
                if (bot != null) {
                    bots.remove(name);
                    bot.stop();
                }
                return null;
            }
            if (bot == null) {
                bot = new Bot(next, transport, clock, observer, this::active);
                bots.put(name, bot);
                if (next.enabled()) {
                    bot.start(next);
                }
                return null;
            }
            if (actions.contains(ApplyAction.STOP) || !next.enabled()) {
                bot.stop();
                bot.swap(next);
                return null;
            }
            if (actions.contains(ApplyAction.START) || !bot.running()) {
                bot.start(next);
                return null;
            }
            BotConfig before = bot.config();
            bot.swap(next);
            if (!Objects.equals(before.refreshToken(), next.refreshToken())) {
                bot.useRefreshToken(next); // before a reconnect, so a new token and its refresh token go together
            }
            if (actions.contains(ApplyAction.REJOIN)) {
                bot.rejoin(next);
            }
            if (actions.contains(ApplyAction.RECONNECT) && !before.token().equals(next.token())) {
                bot.reconnect(next);
            }
            return null;
        } catch (RuntimeException e) {
            log.warn("bot={} could not apply its changes: {}", name, LogSafe.text(e.getMessage()));
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Sends {@code text} as bot {@code name}; false when that bot is not connected. */
    public boolean send(String name, String channel, String text) {
        Bot bot = bots.get(name);
        return bot != null && bot.send(channel, text);
    }

    private void tick() {
        for (Bot bot : bots.values()) {
            try {
                bot.tick();
            } catch (RuntimeException e) {
                log.warn("bot={} timer failed: {}", bot.name(), LogSafe.of(e));
            }
        }
    }

    /** Stops every bot and the timers. */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        for (Bot bot : bots.values()) {
            bot.stop();
        }
        bots.clear();
    }
}
