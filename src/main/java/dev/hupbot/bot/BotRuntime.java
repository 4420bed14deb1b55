package dev.hupbot.bot;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.diff.FieldChange;
import dev.hupbot.config.Presence;
import dev.hupbot.presence.Liveness;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /**
     * How long a reload waits for token switches to finish. Transports finish within their own
     * deadline (Twitch: validate, log in, join within 10 s); this only guards against one that
     * does not, so a reload can never hang.
     */
    static final Duration TOKEN_SWITCH_WAIT = Duration.ofSeconds(30);

    /** What applying one bot's changes came to: an error for its network part, and a token switch under way. */
    private record BotOutcome(@Nullable String error, @Nullable CompletionStage<CredentialResult> tokenSwitch) {
        static BotOutcome of(@Nullable String error) {
            return new BotOutcome(error, null);
        }
    }

    private final ChatTransport transport;
    private final Clock clock;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bot-timers");
        t.setDaemon(true);
        return t;
    });
    /** Hands every bot's queued lines to its connection, in order, at the pace its rate allows. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bot-send");
        t.setDaemon(true);
        return t;
    });
    private volatile BotsConfig active = new BotsConfig(List.of());

    private final ChatObserver observer;
    private final Liveness liveness;

    public BotRuntime(ChatTransport transport, Clock clock) {
        this(transport, clock, ChatObserver.NONE);
    }

    /** A runtime whose bots also hand every line they receive to {@code observer} (the AI crew). */
    public BotRuntime(ChatTransport transport, Clock clock, ChatObserver observer) {
        this(transport, clock, observer, Liveness.EVERY_CHANNEL_LIVE);
    }

    /** As above, with {@code presence = "live"} bots following {@code liveness}. */
    public BotRuntime(ChatTransport transport, Clock clock, ChatObserver observer, Liveness liveness) {
        this.transport = transport;
        this.clock = clock;
        this.observer = observer;
        this.liveness = liveness;
        liveness.onChange((channel, live) -> follow());
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Each channel's stream as last seen (only channels of live bots): true live. */
    public Map<String, Boolean> liveness() {
        return liveness.known();
    }

    /** A stream went live or offline: every running bot joins or parts to match. */
    private synchronized void follow() {
        for (Bot bot : bots.values()) {
            try {
                bot.follow();
            } catch (RuntimeException e) {
                log.warn("bot={} could not follow the stream: {}", bot.name(), LogSafe.text(e.getMessage()));
            }
        }
    }

    /** The channels whose streams matter: those of enabled live bots. */
    private static Set<String> followed(BotsConfig config) {
        Set<String> channels = new java.util.TreeSet<>();
        for (BotConfig bot : config.bots()) {
            if (bot.enabled() && bot.presence() == Presence.LIVE) {
                channels.addAll(bot.channels());
            }
        }
        return channels;
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
        Map<String, BotOutcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<FieldChange>> entry : byBot.entrySet()) {
            outcomes.put(entry.getKey(), applyBot(entry.getKey(), nextByName.get(entry.getKey()), entry.getValue()));
        }
        // Token switches run side by side; the reload waits for them so a refused token is its row's error.
        Map<String, @Nullable String> switchErrors = awaitSwitches(outcomes);
        List<AppliedChange> results = new ArrayList<>();
        for (Map.Entry<String, List<FieldChange>> entry : byBot.entrySet()) {
            @Nullable String error = outcomes.get(entry.getKey()).error();
            @Nullable String switchError = switchErrors.get(entry.getKey());
            for (FieldChange change : entry.getValue()) {
                @Nullable String failure = change.action() == ApplyAction.HOT ? null
                        : error != null ? error
                        : change.action() == ApplyAction.RECONNECT ? switchError : null;
                results.add(new AppliedChange(change, failure == null, failure));
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
        liveness.watch(followed(next));
        return results;
    }

    /** Waits for every token switch under way, all within one deadline; a bot's entry is its failure, or null. */
    private static Map<String, @Nullable String> awaitSwitches(Map<String, BotOutcome> outcomes) {
        Map<String, @Nullable String> errors = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TOKEN_SWITCH_WAIT.toNanos();
        for (Map.Entry<String, BotOutcome> entry : outcomes.entrySet()) {
            CompletionStage<CredentialResult> stage = entry.getValue().tokenSwitch();
            if (stage == null) {
                continue;
            }
            CompletableFuture<CredentialResult> future = stage.toCompletableFuture();
            String error;
            try {
                CredentialResult result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                error = result.applied() ? null : result.detail();
            } catch (TimeoutException e) {
                error = "the token switch did not finish within " + TOKEN_SWITCH_WAIT.toSeconds()
                        + " s; the bot stays on its old connection until it does";
            } catch (ExecutionException e) {
                error = "the token switch failed: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted while waiting for the token switch";
            }
            errors.put(entry.getKey(), error);
        }
        return errors;
    }

    /** Applies one bot's changes; returns an error message for its network part, and a token switch to wait for. */
    private BotOutcome applyBot(String name, @Nullable BotConfig next, List<FieldChange> changes) {
        Set<ApplyAction> actions = EnumSet.noneOf(ApplyAction.class);
        changes.forEach(c -> actions.add(c.action()));
        Bot bot = bots.get(name);
        try {
            if (next == null) {
                if (bot != null) {
                    bots.remove(name);
                    bot.stop();
                }
                return BotOutcome.of(null);
            }
            if (bot == null) {
                bot = new Bot(next, transport, clock, observer, this::active, wakerFor(name), liveness);
                bots.put(name, bot);
                if (next.enabled()) {
                    bot.start(next);
                }
                return BotOutcome.of(null);
            }
            if (actions.contains(ApplyAction.STOP) || !next.enabled()) {
                bot.stop();
                bot.swap(next);
                return BotOutcome.of(null);
            }
            if (actions.contains(ApplyAction.START) || !bot.running()) {
                bot.start(next);
                return BotOutcome.of(null);
            }
            BotConfig before = bot.config();
            bot.swap(next);
            if (!Objects.equals(before.refreshToken(), next.refreshToken())) {
                bot.useRefreshToken(next); // before a reconnect, so a new token and its refresh token go together
            }
            if (actions.contains(ApplyAction.REJOIN) || before.presence() != next.presence()) {
                bot.rejoin(next);
            }
            if (actions.contains(ApplyAction.RECONNECT) && !before.token().equals(next.token())) {
                return new BotOutcome(null, bot.reconnect(next));
            }
            return BotOutcome.of(null);
        } catch (RuntimeException e) {
            log.warn("bot={} could not apply its changes: {}", name, LogSafe.text(e.getMessage()));
            return BotOutcome.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Whether bot {@code name} is in {@code channel} now (connected and joined). */
    public boolean isIn(String name, String channel) {
        Bot bot = bots.get(name);
        return bot != null && bot.isIn(channel);
    }

    /** True when no bot has a line queued or being sent (a rate-limited one waits at most {@link #MAX_SEND_WAIT}). */
    public boolean outgoingIdle() {
        return bots.values().stream().allMatch(Bot::outgoingIdle);
    }

    /** The longest a queued line waits before it is sent or dropped. */
    public static final Duration MAX_SEND_WAIT = OutgoingQueue.MAX_WAIT;

    /** Sends {@code text} as bot {@code name}; false when that bot is not connected. */
    public boolean send(String name, String channel, String text) {
        Bot bot = bots.get(name);
        return bot != null && bot.send(channel, text);
    }

    private OutgoingQueue.Waker wakerFor(String name) {
        return delay -> {
            try {
                sender.schedule(() -> drain(name), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // closing: what waits is not sent
            }
        };
    }

    private void drain(String name) {
        Bot bot = bots.get(name);
        if (bot != null) {
            try {
                bot.drainOutgoing();
            } catch (RuntimeException e) {
                log.warn("bot={} sending failed: {}", name, LogSafe.of(e));
            }
        }
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
        sender.shutdownNow();
        liveness.close();
        for (Bot bot : bots.values()) {
            bot.stop();
        }
        bots.clear();
    }
}
