package dev.hupbot;

import dev.hupbot.ai.AiCrew;
import dev.hupbot.ai.TwitchApi;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.ai.HelixClient;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.Secret;
import dev.hupbot.presence.CrewAuth;
import dev.hupbot.presence.Liveness;
import dev.hupbot.presence.TwitchLiveness;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.hupbot.bot.BotStatus;
import dev.hupbot.bot.ChatObserver;
import dev.hupbot.bot.CommandAnswerListener;
import dev.hupbot.bot.CommandHandler;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.shell.ShellNotes;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.EnvSource;
import dev.hupbot.reload.ReloadCoordinator;
import dev.hupbot.reload.ReloadListener;
import dev.hupbot.reload.ReloadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A running crew of bots: the embedding API. Build one with {@link #builder()}, then
 * {@link Builder#start()}; it loads the config (a STARTUP reload), connects the enabled bots,
 * and reloads on {@link #reload()}. Closing it stops the bots and closes the audit database.
 *
 * <pre>{@code
 * try (Hupbot bots = Hupbot.builder()
 *         .config(Path.of("config/bots.toml"))
 *         .dataDir(Path.of("data"))
 *         .transport(new ShellTransport(System.out, Clock.systemUTC()))
 *         .onReload(r -> System.out.println(r.outcome()))
 *         .start()) {
 *     bots.reload().join();
 * }
 * }</pre>
 */
public final class Hupbot implements AutoCloseable {
    private final AuditStore audit;
    private final ChatTransport transport;
    private final BotRuntime runtime;
    private final AiCrew crew;
    private final ReloadCoordinator coordinator;
    private final ReloadResult startup;
    /** Never null once start() returns: set by the start-up load at the latest. */
    private final AtomicReference<@Nullable Finished> last;

    /** A reload that ended, and when. */
    public record Finished(ReloadResult result, Instant at) {}

    private Hupbot(AuditStore audit, ChatTransport transport, BotRuntime runtime, AiCrew crew,
            ReloadCoordinator coordinator, ReloadResult startup, AtomicReference<@Nullable Finished> last) {
        this.audit = audit;
        this.transport = transport;
        this.crew = crew;
        this.runtime = runtime;
        this.coordinator = coordinator;
        this.startup = startup;
        this.last = last;
    }

    /** The reload that ended last (the start-up load until a reload ends). */
    public Finished lastReload() {
        return java.util.Objects.requireNonNull(last.get());
    }

    /** The id of the config version the bots run; empty before anything was applied. */
    public Optional<Long> runningVersion() {
        return Optional.ofNullable(coordinator.activeVersionId());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Requests a reload (as SIGHUP does); the future completes when the reload that covers it ends. */
    public CompletableFuture<ReloadResult> reload() {
        return reload(Trigger.SIGHUP);
    }

    /**
     * Requests a reload recorded with {@code trigger} ({@code WATCH}, {@code HTTP}...); coalesced
     * with any reload already queued, as signals are.
     */
    public CompletableFuture<ReloadResult> reload(Trigger trigger) {
        return coordinator.request(trigger);
    }

    /** The configuration the bots run with now. */
    public BotsConfig activeConfig() {
        return runtime.active();
    }

    /** Each configured bot's live state. */
    public List<BotStatus> status() {
        return runtime.status();
    }

    /** Each followed channel's stream (channels of {@code presence = "live"} bots): true live. */
    public Map<String, Boolean> streams() {
        return runtime.liveness();
    }

    /**
     * True when no reply is owed: no AI reply waiting for its delay, asking the model or queued,
     * and no line in a bot's outgoing queue or being sent.
     */
    public boolean repliesIdle() {
        return crew.idle() && runtime.outgoingIdle();
    }

    /**
     * How long owed replies may take at most with the active settings: per enabled bot its
     * {@code max_delay_ms} plus {@code ai.timeout_seconds} plus the send queue's longest wait,
     * times the longest chain of bots answering bots, plus 5 s for retries; at most 5 minutes.
     * What the shell chat's end of input waits for.
     */
    public Duration replyWaitBound() {
        long longest = 0;
        for (var bot : runtime.active().bots()) {
            if (bot.enabled()) {
                longest = Math.max(longest, Math.max(0, bot.maxDelayMs()) + 1000 * Math.max(0, bot.ai().timeoutSeconds()));
            }
        }
        Duration bound = Duration.ofMillis(longest).plus(BotRuntime.MAX_SEND_WAIT).multipliedBy(AiCrew.MAX_BOT_CHAIN)
                .plusSeconds(5);
        Duration cap = Duration.ofMinutes(5);
        return bound.compareTo(cap) > 0 ? cap : bound;
    }

    /**
     * Present while the bots run the last applied version because the file on disk was rejected
     * at start-up; empty once a reload gets past validation (and when the start loaded the file).
     */
    public Optional<ReloadCoordinator.Fallback> fallback() {
        return coordinator.fallback();
    }

    /** How the first load went. */
    public ReloadResult startupResult() {
        return startup;
    }

    /** Finishes a running reload (up to 5 s), stops the bots, closes the transport and the database. */
    @Override
    public void close() {
        coordinator.close(Duration.ofSeconds(5));
        runtime.close();
        crew.close();
        transport.close();
        audit.close();
    }

    /**
     * Thrown by {@link Builder#start()} when the first load is rejected and the audit database
     * holds no version applied before: there is nothing to run.
     */
    public static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ReloadResult result;

        StartupException(ReloadResult result) {
            super("configuration rejected at startup: " + String.join("\n", result.problems()));
            this.result = result;
        }

        public ReloadResult result() {
            return result;
        }
    }

    /** Settings of a {@link Hupbot}; {@code config}, {@code dataDir} and {@code transport} are required. */
    public static final class Builder {
        private @Nullable Path config;
        private @Nullable Path dataDir;
        private @Nullable ChatTransport transport;
        private EnvSource variables = EnvSource.fixed(Map.of());
        private Clock clock = Clock.systemUTC();
        private TwitchApi twitchApi = TwitchApi.DEFAULT;
        private @Nullable URI eventSubUrl;
        private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();
        private final List<CommandAnswerListener> answerListeners = new CopyOnWriteArrayList<>();

        private Builder() {}

        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** How the bots reach chat; the {@link Hupbot} closes it when it closes. */
        public Builder transport(ChatTransport chat) {
            this.transport = chat;
            return this;
        }

        /** Where {@code ${NAME}} references resolve; the process environment is never read implicitly. */
        public Builder env(Map<String, String> values) {
            this.variables = EnvSource.fixed(values);
            return this;
        }

        /** Where {@code ${NAME}} references resolve: an env file, read again on every reload, then the environment. */
        public Builder env(EnvSource source) {
            this.variables = source;
            return this;
        }

        public Builder clock(Clock time) {
            this.clock = time;
            return this;
        }

        /** Where the moderator's timeouts go (Helix) and tokens are checked; Twitch's own by default. */
        public Builder twitchApi(TwitchApi api) {
            this.twitchApi = api;
            return this;
        }

        /** Adds a listener told about every reload, the startup load included. */
        /**
         * Follow streams through EventSub at {@code url} (and Helix at the {@link #twitchApi}), for
         * bots with {@code presence = "live"}; without it every channel counts as live.
         */
        public Builder eventSub(URI url) {
            this.eventSubUrl = url;
            return this;
        }

        public Builder onReload(ReloadListener listener) {
            listeners.add(listener);
            return this;
        }

        private Liveness liveness(ChatTransport chat, AtomicReference<@Nullable BotRuntime> runtime) {
            URI url = eventSubUrl;
            if (url == null) {
                return Liveness.EVERY_CHANNEL_LIVE;
            }
            // Helix and EventSub need a user token: the first enabled bot's, as it is now (tokens rotate)
            CrewAuth auth = () -> {
                BotRuntime r = runtime.get();
                if (r == null) {
                    return Optional.empty();
                }
                for (BotConfig bot : r.active().bots()) {
                    if (!bot.enabled()) {
                        continue;
                    }
                    Secret token = chat.currentToken(bot.name()).orElse(bot.token());
                    if (!token.isEmpty()) {
                        return Optional.of(new CrewAuth.HelixAuthSource(bot.name(), token));
                    }
                }
                return Optional.empty();
            };
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "presence");
                t.setDaemon(true);
                return t;
            });
            return new TwitchLiveness(http, twitchApi.helixUrl(), HelixClient.create(twitchApi), auth, url, clock, thread);
        }

        /** Adds a listener told what each bot's commands made of each chat line (the shell chat's notes). */
        public Builder onCommandAnswer(CommandAnswerListener listener) {
            answerListeners.add(listener);
            return this;
        }

        /** Opens the database, marks reloads a crash left in progress as INTERRUPTED, loads, connects. */
        public Hupbot start() {
            Path file = require(config, "config");
            Path data = require(dataDir, "dataDir");
            ChatTransport chat = require(transport, "transport");
            AuditStore audit = AuditStore.open(data);
            // The crew sends through the runtime, and the runtime hands the crew every line.
            AtomicReference<@Nullable BotRuntime> sendVia = new AtomicReference<>();
            AiCrew crew = AiCrew.create((bot, channel, text) -> {
                BotRuntime r = sendVia.get();
                return r != null && r.send(bot, channel, text);
            }, twitchApi, clock, chat::currentToken);
            AtomicReference<@Nullable BotRuntime> crewOf = new AtomicReference<>();
            Liveness liveness = liveness(chat, crewOf);
            if (chat instanceof ShellTransport shell) {
                // whoever tries the shell chat sees why an AI answer did not come, between the chat lines
                crew.onAnswerFailure(ShellNotes.onStdout(shell)::couldNotAnswer);
            }
            BotRuntime runtime = new BotRuntime(chat, clock, observer(crew, List.copyOf(answerListeners)), liveness);
            crewOf.set(runtime);
            crew.answerOnlyWhere(runtime::isIn);
            sendVia.set(runtime);
            try {
                audit.markInterrupted(clock.instant());
                AtomicReference<@Nullable Finished> finished = new AtomicReference<>();
                ReloadCoordinator coordinator = new ReloadCoordinator(file, new ConfigLoader(variables), audit, runtime, clock,
                        result -> {
                            finished.set(new Finished(result, clock.instant()));
                            // Moderators start and removed bots' queues stop now, not at the next chat line.
                            crew.configure(runtime.active());
                            listeners.forEach(l -> l.onReload(result));
                        });
                ReloadResult first = coordinator.start();
                if (first.outcome() == Outcome.REJECTED) {
                    if (coordinator.fallback().isEmpty()) {
                        coordinator.close(Duration.ofSeconds(1));
                        throw new StartupException(first);
                    }
                    crew.configure(runtime.active()); // the listener saw the rejected file, before the fallback ran
                }
                finished.compareAndSet(null, new Finished(first, clock.instant()));
                return new Hupbot(audit, chat, runtime, crew, coordinator, first, finished);
            } catch (RuntimeException e) {
                runtime.close();
                crew.close();
                chat.close();
                audit.close();
                throw e;
            }
        }

        /** The crew sees every line; the answer listeners, what the commands made of it. */
        private static ChatObserver observer(AiCrew crew, List<CommandAnswerListener> answers) {
            if (answers.isEmpty()) {
                return crew;
            }
            return new ChatObserver() {
                @Override
                public void onMessage(String bot, ChatMessage message, BotsConfig active, boolean answered) {
                    crew.onMessage(bot, message, active, answered);
                }

                @Override
                public void onCommandAnswer(String bot, ChatMessage message, CommandHandler.Answer answer) {
                    answers.forEach(l -> l.onAnswer(bot, message, answer));
                }
            };
        }

        private static <T> T require(@Nullable T value, String name) {
            if (value == null) {
                throw new IllegalStateException("Hupbot.builder(): " + name + "(...) is required");
            }
            return value;
        }
    }
}
