package dev.hupbot.ai;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.LogSafe;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.logging.RepeatedWarnings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The moderator bots' work: every {@code check_interval_seconds} (read again at each scheduling,
 * so a reload changes the pace) each moderator sends the viewer lines of its channels that
 * arrived since its last check to its model with the rules, and times out the users the verdict
 * names, capped at {@code max_timeout_seconds}. Crew bots, the channel owner and users whose
 * level is at or above an {@code exempt_roles} level are never sent, so never judged.
 */
final class Moderator {
    private static final Logger log = LoggerFactory.getLogger(Moderator.class);

    static final int MAX_LINES_PER_CHANNEL = 500;
    /** The newest lines judged per channel and check: a flood beyond it is not worth a huge prompt. */
    static final int MAX_LINES_PER_CHECK = 100;
    /** When the verdict names no duration. */
    static final long DEFAULT_TIMEOUT_SECONDS = 60;
    /** The {@link RepeatedWarnings} kind of failed checks: with the endpoint down, every check fails alike. */
    static final String FAILED_CHECK = "moderation-check";

    private final LlmClient llm;
    private final HelixClient helix;
    private final Scheduler scheduler;
    private final Supplier<BotsConfig> active;
    private final RepeatedWarnings warnings;
    private final Map<String, Deque<ViewerLine>> lines = new HashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private long seq;
    private final Function<String, Optional<Secret>> storeTokens;
    private volatile boolean closed;
    /** Whether a bot is in a channel now; a moderator away from a channel (presence = "live", offline) judges nothing there. */
    private volatile java.util.function.BiPredicate<String, String> present = (bot, channel) -> true;

    void onlyWhere(java.util.function.BiPredicate<String, String> presence) {
        this.present = presence;
    }

    Moderator(LlmClient llm, HelixClient helix, Scheduler scheduler, Supplier<BotsConfig> active) {
        this(llm, helix, scheduler, active, bot -> Optional.empty(), Clock.systemUTC());
    }

    /**
     * @param storeTokens the token a bot without a token line logged in with (the token store's)
     * @param clock paces the summaries of checks that keep failing
     */
    Moderator(LlmClient llm, HelixClient helix, Scheduler scheduler, Supplier<BotsConfig> active,
            Function<String, Optional<Secret>> storeTokens, Clock clock) {
        this.storeTokens = storeTokens;
        this.warnings = new RepeatedWarnings(log, clock);
        this.llm = llm;
        this.helix = helix;
        this.scheduler = scheduler;
        this.active = active;
    }

    /** Keeps a viewer's line for the next checks; the crew passes only lines of non-crew users. */
    synchronized void record(ChatMessage message) {
        String channel = Channels.key(message.channel());
        Deque<ViewerLine> channelLines = lines.computeIfAbsent(channel, c -> new ArrayDeque<>());
        channelLines.addLast(new ViewerLine(++seq, channel, message.user().toLowerCase(Locale.ROOT), message.userId(),
                message.roomId(), message.level(), message.text()));
        while (channelLines.size() > MAX_LINES_PER_CHANNEL) {
            channelLines.removeFirst();
        }
    }

    /** Starts the check loop of {@code bot} if it is not running; its first check judges lines from now on. */
    void start(String bot) {
        if (closed || !running.add(bot)) {
            return;
        }
        synchronized (this) {
            cursors.putIfAbsent(bot, seq);
        }
        eligible(bot).ifPresent(b -> log.info("bot={} moderating {} every {}s{}", bot, b.channels(),
                moderation(b).checkIntervalSeconds(), moderation(b).dryRun() ? " (dry_run: no timeouts)" : ""));
        scheduleNext(bot);
    }

    private void scheduleNext(String bot) {
        Optional<BotConfig> current = eligible(bot);
        if (closed || current.isEmpty()) {
            running.remove(bot);
            synchronized (this) {
                cursors.remove(bot);
            }
            if (!closed) {
                log.info("bot={} stopped moderating", bot);
            }
            return;
        }
        scheduler.schedule(Duration.ofSeconds(moderation(current.get()).checkIntervalSeconds()), () -> {
            try {
                check(bot);
            } catch (RuntimeException e) {
                log.warn("bot={} moderation check failed: {}", bot, LogSafe.of(e));
            } finally {
                scheduleNext(bot);
            }
        });
    }

    /** One check of every channel of {@code bot}, with its settings as they are now. */
    List<ModerationAction> check(String bot) {
        Optional<BotConfig> current = eligible(bot);
        if (current.isEmpty()) {
            return List.of();
        }
        BotConfig config = current.get();
        ModerationConfig rules = moderation(config);
        BotsConfig crew = active.get();
        Map<String, List<ViewerLine>> fresh = new LinkedHashMap<>();
        synchronized (this) {
            long from = cursors.getOrDefault(bot, 0L);
            cursors.put(bot, seq);
            for (String channel : config.channels()) {
                if (!present.test(bot, channel)) {
                    continue; // lines said while it was away are not its to judge
                }
                String key = Channels.key(channel);
                List<ViewerLine> judged = new ArrayList<>();
                for (ViewerLine line : lines.getOrDefault(key, new ArrayDeque<>())) {
                    if (line.seq() > from && judgeable(line, crew, config, rules)) {
                        judged.add(line);
                    }
                }
                fresh.put(key, judged.subList(Math.max(0, judged.size() - MAX_LINES_PER_CHECK), judged.size()));
            }
        }
        List<ModerationAction> actions = new ArrayList<>();
        if (!config.ai().usable()) {
            return actions;
        }
        fresh.forEach((channel, window) -> {
            if (!window.isEmpty()) {
                judge(config, rules, channel, window, actions);
            }
        });
        return actions;
    }

    private void judge(BotConfig bot, ModerationConfig rules, String channel, List<ViewerLine> window,
            List<ModerationAction> actions) {
        List<Violation> violations;
        try {
            violations = ViolationParser.parse(llm.complete(ModerationPrompt.request(bot, channel, window)));
        } catch (LlmException e) {
            warnings.report(Level.WARN, bot.name(), FAILED_CHECK + " #" + channel, String.valueOf(e.getMessage()),
                    "bot=" + bot.name() + " moderation check of #" + channel + " got no verdict: " + LogSafe.text(e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            log.warn("bot={} could not read the moderation verdict for #{}: {}", bot.name(), channel,
                    LogSafe.text(e.getMessage()));
            return;
        }
        warnings.recovered(bot.name(), FAILED_CHECK + " #" + channel,
                "bot=" + bot.name() + " moderation check of #" + channel + ": AI endpoint reachable again");
        Map<String, ViewerLine> lastLineOf = new HashMap<>();
        window.forEach(line -> lastLineOf.put(line.user(), line));
        Map<String, Violation> byUser = new LinkedHashMap<>();
        for (Violation v : violations) {
            byUser.merge(v.user(), v, (a, b) -> a.durationSeconds() >= b.durationSeconds() ? a : b);
        }
        for (Violation v : byUser.values()) {
            ViewerLine line = lastLineOf.get(v.user());
            if (line == null) {
                log.info("bot={} ignored a verdict on {}: not among the checked lines of #{}", bot.name(), LogSafe.text(v.user()),
                        channel);
                continue;
            }
            long asked = v.durationSeconds() > 0 ? v.durationSeconds() : DEFAULT_TIMEOUT_SECONDS;
            long seconds = Math.max(1, Math.min(asked, rules.maxTimeoutSeconds()));
            actions.add(act(bot, rules, line, seconds, v.reason()));
        }
    }

    private ModerationAction act(BotConfig bot, ModerationConfig rules, ViewerLine line, long seconds, String reason) {
        String name = bot.name();
        if (rules.dryRun()) {
            log.info("bot={} dry_run: would time out {} for {}s: {}", name, LogSafe.text(line.user()), seconds, LogSafe.text(reason));
            return action(name, line, seconds, reason, ModerationAction.Outcome.DRY_RUN);
        }
        if (!numeric(line.userId()) || !numeric(line.roomId())) {
            log.warn("bot={} cannot time out {} in #{}: the chat gave no Twitch ids (the shell chat has none)", name,
                    LogSafe.text(line.user()), LogSafe.text(line.channel()));
            return action(name, line, seconds, reason, ModerationAction.Outcome.NO_TWITCH_IDS);
        }
        try {
            Secret token = bot.token().isEmpty() ? storeTokens.apply(name).orElse(bot.token()) : bot.token();
            helix.timeout(name, token, line.roomId(), line.userId(), seconds, reason);
        } catch (HelixException e) {
            log.warn("bot={} could not time out {} in #{}: {}", name, LogSafe.text(line.user()), LogSafe.text(line.channel()),
                    LogSafe.text(e.getMessage()));
            return action(name, line, seconds, reason, ModerationAction.Outcome.FAILED);
        }
        log.info("bot={} timed out {} in #{} for {}s: {}", name, LogSafe.text(line.user()), LogSafe.text(line.channel()), seconds,
                LogSafe.text(reason));
        return action(name, line, seconds, reason, ModerationAction.Outcome.TIMED_OUT);
    }

    private static ModerationAction action(String bot, ViewerLine line, long seconds, String reason,
            ModerationAction.Outcome outcome) {
        return new ModerationAction(bot, line.channel(), line.user(), seconds, reason, outcome);
    }

    /** Not a crew bot, not the channel's owner, not a user the moderator ignores, and below every exempt level. */
    private static boolean judgeable(ViewerLine line, BotsConfig crew, BotConfig bot, ModerationConfig rules) {
        if (ReplySelector.isCrew(crew, line.user()) || line.user().equals(line.channel())
                || bot.ignoredUsers().stream().anyMatch(u -> u.equalsIgnoreCase(line.user()))) {
            return false;
        }
        for (Permission exempt : rules.exemptRoles()) {
            if (exempt.allows(line.level())) {
                return false;
            }
        }
        return true;
    }

    private Optional<BotConfig> eligible(String bot) {
        return active.get().bot(bot).filter(b -> b.enabled() && b.role() == Role.MODERATOR && b.moderation() != null);
    }

    private static ModerationConfig moderation(BotConfig bot) {
        ModerationConfig m = bot.moderation();
        if (m == null) {
            throw new IllegalStateException("bot " + bot.name() + " has no [bots.moderation]");
        }
        return m;
    }

    private static boolean numeric(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    boolean running(String bot) {
        return running.contains(bot);
    }

    void close() {
        closed = true;
    }
}
