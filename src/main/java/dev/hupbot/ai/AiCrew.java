package dev.hupbot.ai;

import dev.hupbot.bot.ChatObserver;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI side of the crew: sees every chat line once (the runtime reports it once per receiving
 * bot; this dedupes by message id), keeps the channel history, decides which persona answers
 * (see {@link ReplySelector}), queues each reply on its bot's own {@link ReplyQueue}, and runs
 * the moderators' checks. Every setting is read from the active config when it is used, so all
 * of {@code ai.*} and {@code moderation.*} are HOT; {@link #configure} may be called after each
 * reload so moderators start and removed bots' queues stop without waiting for a chat line.
 */
public final class AiCrew implements ChatObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AiCrew.class);

    /** Replies a bot may owe at once before the oldest is dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 5;
    static final int SEEN_LINES = 10_000;
    /**
     * Bot lines in a row after a viewer's line: a bot answers another bot only when named, and
     * even personas that keep naming each other stop here.
     */
    public static final int MAX_BOT_CHAIN = 3;

    private final Scheduler scheduler;
    private final Clock clock;
    private final RandomGenerator random;
    private final int queueCapacity;
    private final @Nullable AutoCloseable owned;
    private final ChatHistory history = new ChatHistory();
    private final SeenLines seen = new SeenLines(SEEN_LINES);
    private final EchoFilter echoes;
    private final PersonaReplies personas;
    private final Moderator moderator;
    private final Map<String, ReplyQueue> queues = new ConcurrentHashMap<>();
    private final Set<String> warnedNoKey = ConcurrentHashMap.newKeySet();
    /** What the log last said of each enabled bot: persona or commands only. Guarded by this. */
    private final Map<String, Persona> personaLogged = new HashMap<>();
    private volatile AnswerFailureListener failures = AnswerFailureListener.NONE;
    private final ViewerCooldowns cooldowns;
    private volatile BotsConfig active = new BotsConfig(List.of());
    private volatile boolean closed;
    /** Whether a bot is in a channel now: a {@code presence = "live"} bot away from an offline stream answers nothing. */
    private volatile InChannel present = (bot, channel) -> true;

    /** Tells whether bot {@code bot} is in {@code channel} now. */
    @FunctionalInterface
    public interface InChannel {
        boolean in(String bot, String channel);
    }

    /** Only bots in the channel answer there (and spend AI credit). */
    public void answerOnlyWhere(InChannel presence) {
        this.present = presence;
        moderator.onlyWhere(presence::in);
    }

    /**
     * A crew wired from its parts; the caller keeps ownership of {@code scheduler}.
     *
     * @param random rolls {@code reply_chance} and picks delays; used under a lock
     * @param queueCapacity pending replies per bot before the oldest is dropped
     */
    public AiCrew(ReplySender sender, LlmClient llm, HelixClient helix, Scheduler scheduler, Clock clock,
            RandomGenerator random, int queueCapacity) {
        this(sender, llm, helix, scheduler, clock, random, queueCapacity, null, bot -> Optional.empty());
    }

    private AiCrew(ReplySender sender, LlmClient llm, HelixClient helix, Scheduler scheduler, Clock clock,
            RandomGenerator random, int queueCapacity, @Nullable AutoCloseable owned,
            Function<String, Optional<Secret>> storeTokens) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.queueCapacity = queueCapacity;
        this.owned = owned;
        this.echoes = new EchoFilter(clock);
        this.cooldowns = new ViewerCooldowns(clock);
        this.personas = new PersonaReplies(llm, history, echoes, seen, sender, clock, () -> active, () -> failures);
        this.moderator = new Moderator(llm, helix, scheduler, () -> active, storeTokens, clock);
    }

    /** The production crew: real HTTP to the configured endpoints, daemon threads it stops on {@link #close()}. */
    public static AiCrew create(ReplySender sender, TwitchApi twitch, Clock clock) {
        return create(sender, twitch, clock, bot -> Optional.empty());
    }

    /** As above; {@code storeTokens} gives the token of a bot that logged in from the token store. */
    public static AiCrew create(ReplySender sender, TwitchApi twitch, Clock clock,
            Function<String, Optional<Secret>> storeTokens) {
        DaemonScheduler scheduler = new DaemonScheduler();
        return new AiCrew(sender, LlmClient.create(clock), HelixClient.create(twitch), scheduler, clock,
                RandomGenerator.getDefault(), DEFAULT_QUEUE_CAPACITY, scheduler, storeTokens);
    }

    /**
     * Takes {@code next} as the active config: warns once per bot that wants AI but has no key,
     * starts the check loop of each moderator, and stops the queues of bots that left. Called by
     * {@link #onMessage} whenever the snapshot it gets is a new one; the runtime may also call it
     * at startup and after each reload.
     */
    /** Tells {@code listener} of every answer a bot owed and could not give (the shell chat's notes). */
    public void onAnswerFailure(AnswerFailureListener listener) {
        this.failures = listener;
    }

    public void configure(BotsConfig next) {
        if (next != active) {
            reconfigure(next);
        }
    }

    private synchronized void reconfigure(BotsConfig next) {
        if (closed || next == active) {
            return;
        }
        active = next;
        Set<String> names = new HashSet<>();
        for (BotConfig bot : next.bots()) {
            names.add(bot.name());
            warnIfNoKey(bot);
            logPersona(bot);
            if (bot.enabled() && bot.role() == Role.MODERATOR && bot.moderation() != null) {
                moderator.start(bot.name());
            }
            if (!bot.enabled()) {
                stopQueue(bot.name());
            }
        }
        for (String name : Set.copyOf(queues.keySet())) {
            if (!names.contains(name)) {
                stopQueue(name);
            }
        }
        warnedNoKey.retainAll(names);
        personaLogged.keySet().retainAll(names);
    }

    /** One line per enabled bot at start, and again when a reload changes what it is. */
    private void logPersona(BotConfig bot) {
        if (!bot.enabled()) {
            personaLogged.remove(bot.name());
            return;
        }
        Persona persona = Persona.of(bot);
        if (!persona.equals(personaLogged.put(bot.name(), persona))) {
            log.info(persona.logLine(bot));
        }
    }

    @Override
    public void onMessage(String receivingBot, ChatMessage message, BotsConfig activeConfig, boolean answeredByCommand) {
        if (closed) {
            return;
        }
        configure(activeConfig);
        if (!seen.firstSight(message, answeredByCommand)) {
            return;
        }
        boolean fromCrew = ReplySelector.isCrew(activeConfig, message.user());
        EchoFilter.Echo echo = fromCrew ? echoes.take(message.user(), message.channel(), message.text()) : null;
        long seq;
        int depth;
        if (echo != null) {
            seq = echo.seq();
            depth = echo.depth();
        } else {
            seq = history.record(message.channel(), message.user(), message.text(), clock.instant()).seq();
            // A crew line the crew did not write as AI (a command's answer, a timer) starts a chain.
            depth = fromCrew ? 1 : 0;
        }
        if (!fromCrew) {
            moderator.record(message);
        }
        if (answeredByCommand) {
            return;
        }
        tellUnanswerable(activeConfig, message);
        InChannel here = present;
        List<String> answering = ReplySelector.choose(activeConfig, message, random).stream()
                .filter(bot -> here.in(bot, message.channel()))
                .toList();
        if (depth >= MAX_BOT_CHAIN && !answering.isEmpty()) {
            log.info("bot={} named {} in #{}, but {} bot lines in a row is enough: not answered",
                    LogSafe.text(message.user()), answering, LogSafe.text(Channels.key(message.channel())), depth);
            return;
        }
        for (String bot : answering) {
            activeConfig.bot(bot).ifPresent(config -> {
                // crew lines are bounded by MAX_BOT_CHAIN; a viewer's by ai.user_cooldown_seconds
                if (!fromCrew && !cooldowns.tryStart(bot, message.user(), config.ai().userCooldownSeconds())) {
                    log.debug("bot={} owes {} a reply or answered them less than {}s ago: line not answered", bot,
                            message.user(), config.ai().userCooldownSeconds());
                    return;
                }
                queue(bot).offer(new PendingReply(message, seq, depth, delay(config)));
            });
        }
    }

    /** A line that names a bot which cannot answer with AI: the listener hears why (the shell shows it). */
    private void tellUnanswerable(BotsConfig activeConfig, ChatMessage message) {
        AnswerFailureListener listener = failures;
        if (listener == AnswerFailureListener.NONE) {
            return;
        }
        for (BotConfig bot : ReplySelector.namedWithoutPersona(activeConfig, message)) {
            Persona persona = Persona.of(bot);
            listener.couldNotAnswer(bot.name(), Channels.key(message.channel()),
                    "it answers only commands: " + String.join(", ", persona.reasons()));
        }
    }

    private ReplyQueue queue(String bot) {
        return queues.computeIfAbsent(bot,
                name -> new ReplyQueue(name, queueCapacity, scheduler, reply -> personas.answer(name, reply),
                        reply -> cooldowns.finished(name, reply.trigger().user())));
    }

    private void stopQueue(String bot) {
        ReplyQueue queue = queues.remove(bot);
        if (queue != null) {
            queue.close();
        }
    }

    /** A human-like pause, uniform in [min_delay_ms, max_delay_ms]. */
    private Duration delay(BotConfig bot) {
        long min = Math.max(0, bot.minDelayMs());
        long max = Math.max(min, bot.maxDelayMs());
        if (max == min) {
            return Duration.ofMillis(min);
        }
        synchronized (random) {
            return Duration.ofMillis(min + random.nextLong(max - min + 1));
        }
    }

    private void warnIfNoKey(BotConfig bot) {
        boolean wantsAi = ReplySelector.wantsAi(bot) || bot.role() == Role.MODERATOR && bot.moderation() != null;
        // a placeholder key has its own warning, from the config file's check
        if (!bot.enabled() || !wantsAi || bot.ai().usable() || bot.ai().placeholderKey()) {
            warnedNoKey.remove(bot.name());
            return;
        }
        if (warnedNoKey.add(bot.name())) {
            String what = bot.role() == Role.MODERATOR && bot.moderation() != null ? "AI replies and moderation are"
                    : "AI replies are";
            log.warn("bot={} has no ai.api_key: its {} off. Set ai.api_key (e.g. api_key = \"${OPENROUTER_API_KEY}\" "
                    + "with that variable set) and reload.", bot.name(), what);
        }
    }

    /** True when no bot owes a reply: none waiting for its delay, asking the model or queued. */
    public boolean idle() {
        return queues.values().stream().allMatch(ReplyQueue::idle);
    }

    /** Replies still waiting for their turn, for status and tests. */
    int pendingReplies(String bot) {
        ReplyQueue queue = queues.get(bot);
        return queue == null ? 0 : queue.pending();
    }

    Moderator moderator() {
        return moderator;
    }

    /** Stops the queues and the moderators' loops; with {@link #create}, also the threads. */
    @Override
    public synchronized void close() {
        closed = true;
        moderator.close();
        queues.values().forEach(ReplyQueue::close);
        queues.clear();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.debug("closing the AI threads: {}", e.toString());
            }
        }
    }
}
