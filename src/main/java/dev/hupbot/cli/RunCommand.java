package dev.hupbot.cli;

import dev.hupbot.Hupbot;
import dev.hupbot.ai.TwitchApi;
import dev.hupbot.auth.StoreTokens;
import dev.hupbot.auth.TokenStore;
import dev.hupbot.auth.TwitchOAuth;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotStatus;
import dev.hupbot.bot.CommandHandler;
import dev.hupbot.bot.StatusFile;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.chat.twitch.TokenRefresh;
import dev.hupbot.chat.twitch.TwitchRateLimits;
import dev.hupbot.chat.twitch.TwitchSettings;
import dev.hupbot.chat.twitch.TwitchTransport;
import dev.hupbot.config.EnvSource;
import dev.hupbot.config.Secret;
import dev.hupbot.config.Variables;
import dev.hupbot.logging.LogSetup;
import dev.hupbot.metrics.LifecycleHandler;
import dev.hupbot.reload.ConfigWatcher;
import dev.hupbot.reload.PidFile;
import dev.hupbot.reload.ReloadRequests;
import dev.hupbot.reload.Signals;
import dev.hupbot.reload.SystemdNotifier;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hupbot run}: the bots, until SIGTERM or SIGINT. SIGHUP reloads. The environment is read
 * here and nowhere deeper: {@code ${NAME}} references, and {@code TWITCH_CLIENT_ID} /
 * {@code TWITCH_CLIENT_SECRET}, the application that refreshes bots' tokens.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run the bots; SIGHUP reloads the config, SIGTERM or SIGINT stops them cleanly.",
            "Writes DATA/hupbot.pid, so 'hupbot reload' and 'hupbot status' find this process."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT, or (shell chat) at the end of input, every line answered",
            "2:bad usage, nothing to run (the file is rejected and no version was applied before),"
                    + " or the data directory cannot be used"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hupbot run --chat shell            try it: your terminal is the chat",
            "  hupbot run                         on Twitch, config/bots.toml",
            "  kill -HUP $(cat data/hupbot.pid)   reload without waiting for it"
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    enum Chat { twitch, shell }

    @Mixin ConfigOption configOption = new ConfigOption();
    @Mixin DataOption dataOption = new DataOption();
    @Mixin ListenerOptions listenerOptions = new ListenerOptions();
    @Mixin TriggerOptions triggerOptions = new TriggerOptions();

    private final Environment environment;
    /** The shell chat, in shell mode: opened once the bots have joined. */
    private volatile @Nullable ShellTransport shell;

    @Option(names = "--chat", paramLabel = "twitch|shell", defaultValue = "${env:HUPBOT_CHAT:-twitch}",
            description = "Chat transport: twitch, or shell (stdin/stdout, no account needed). Default: ${DEFAULT-VALUE}.")
    Chat chat = Chat.twitch;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:HUPBOT_LOG_LEVEL:-info}",
            description = "How much to log: error, warn, info, debug or trace (env HUPBOT_LOG_LEVEL; default: ${DEFAULT-VALUE})."
                    + " With --chat shell, log lines go to DATA/hupbot.log and only warnings and errors reach the terminal.")
    LogSetup.LogLevel logLevel = LogSetup.LogLevel.info;

    @Option(names = "--twitch-irc-url", paramLabel = "URL", defaultValue = "${env:HUPBOT_TWITCH_IRC_URL:-" + TwitchSettings.TWITCH_IRC_URL + "}",
            description = "Twitch chat (IRC over WebSocket) URL (env HUPBOT_TWITCH_IRC_URL; default: ${DEFAULT-VALUE}).")
    String twitchIrcUrl = TwitchSettings.TWITCH_IRC_URL;

    @Option(names = "--twitch-auth-url", paramLabel = "URL", defaultValue = "${env:HUPBOT_TWITCH_AUTH_URL:-" + TwitchSettings.TWITCH_AUTH_URL + "}",
            description = "Twitch OAuth2 URL, for token checks (env HUPBOT_TWITCH_AUTH_URL; default: ${DEFAULT-VALUE}).")
    String twitchAuthUrl = TwitchSettings.TWITCH_AUTH_URL;

    @Option(names = "--twitch-helix-url", paramLabel = "URL", defaultValue = "${env:HUPBOT_TWITCH_HELIX_URL:-" + TwitchSettings.TWITCH_HELIX_URL + "}",
            description = "Twitch Helix API URL, for moderator timeouts (env HUPBOT_TWITCH_HELIX_URL; default: ${DEFAULT-VALUE}).")
    String twitchHelixUrl = TwitchSettings.TWITCH_HELIX_URL;

    static final String TWITCH_EVENTSUB_URL = "wss://eventsub.wss.twitch.tv/ws";

    @Option(names = "--twitch-eventsub-url", paramLabel = "URL", defaultValue = "${env:HUPBOT_TWITCH_EVENTSUB_URL:-" + TWITCH_EVENTSUB_URL + "}",
            description = "Twitch EventSub WebSocket URL, for bots with presence = \"live\" (env HUPBOT_TWITCH_EVENTSUB_URL; default: ${DEFAULT-VALUE}).")
    String twitchEventSubUrl = TWITCH_EVENTSUB_URL;

    @Option(names = "--twitch-rate-limits", paramLabel = "USER|MODERATOR|VERIFIED", defaultValue = "${env:HUPBOT_TWITCH_RATE_LIMITS:-USER}",
            description = "twitch4j's rate-limit preset; raise it only for accounts Twitch grants more (env HUPBOT_TWITCH_RATE_LIMITS; default: ${DEFAULT-VALUE}).")
    TwitchRateLimits twitchRateLimits = TwitchRateLimits.USER;

    @Option(names = "--twitch-refresh-margin", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:HUPBOT_TWITCH_REFRESH_MARGIN:-60s}",
            description = "Refresh a bot's token at least this long before it expires (needs TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET"
                    + " and the bot's refresh_token; env HUPBOT_TWITCH_REFRESH_MARGIN; default: ${DEFAULT-VALUE}).")
    Duration twitchRefreshMargin = TokenRefresh.DEFAULT_MIN_MARGIN;

    static final String CLIENT_ID_VARIABLE = "TWITCH_CLIENT_ID";
    static final String CLIENT_SECRET_VARIABLE = "TWITCH_CLIENT_SECRET";


    /** For picocli's default factory, when a CommandLine is built without {@link Main#commandLine}. */
    RunCommand() {
        this(Environment.system());
    }

    RunCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        OutOfMemoryExit.install();
        LogSetup.level(logLevel);
        if (chat == Chat.shell) {
            try {
                LogSetup.toFile(dataOption.data); // the terminal is the chat: log lines go to the data directory
            } catch (RuntimeException e) {
                System.err.println("hupbot run: " + e.getMessage());
                return 2;
            }
        }
        Clock clock = Clock.systemUTC();
        EnvSource envSource = configOption.variables(environment);
        // The console password and the Twitch application's credentials may live in the env
        // file too; they are read once, at start. ${NAME} in the bots file is re-read per reload.
        EnvSource.Read startEnv = envSource.read();
        Variables variables = startEnv.variables();
        if (variables == null) {
            System.err.println("hupbot run: the env file cannot be used:");
            startEnv.problems().forEach(p -> System.err.println("  " + p.format()));
            return 2;
        }
        envSource.permissionWarning().ifPresent(w -> log.warn("{}", w.format()));
        Map<String, String> values = variables.values();
        ListenerOptions.ListenerPlan listenerPlan;
        try {
            listenerPlan = listenerOptions.plan(values);
        } catch (IllegalArgumentException e) {
            System.err.println("hupbot run: " + e.getMessage());
            return 2;
        }
        if (triggerOptions.enableLifecycle && listenerPlan.metrics() == null) {
            System.err.println("hupbot run: " + TriggerOptions.LIFECYCLE_WITHOUT_METRICS);
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<@Nullable Hupbot> running = new AtomicReference<>();
        // SIGHUP, --watch and POST /-/reload all go through here; it tells systemd (NOTIFY_SOCKET).
        ReloadRequests requests = new ReloadRequests(trigger -> {
            Hupbot crew = running.get();
            return crew == null ? CompletableFuture.failedFuture(new IllegalStateException("hupbot is starting")) : crew.reload(trigger);
        }, SystemdNotifier.fromEnvironment(environment.variables()));
        AtomicBoolean hupWhileStarting = new AtomicBoolean();
        // Handlers go in before the pidfile exists: a SIGHUP sent as soon as `reload` can find us
        // must not hit the JVM's default action, which is to exit. They only enqueue or count down.
        boolean hupHandled = Signals.handle("HUP", () -> {
            Hupbot bots = running.get();
            if (bots == null) {
                hupWhileStarting.set(true);
            } else {
                requests.request(Trigger.SIGHUP);
            }
        });
        Signals.handle("TERM", stop::countDown);
        Signals.handle("INT", stop::countDown);
        if (!hupHandled) {
            log.warn("SIGHUP is ignored in this process (started under nohup?): signals cannot reload it;"
                    + " start it without nohup (use setsid or a service manager)");
        }
        String unsafe = DataDirectory.prepare(dataOption.data);
        if (unsafe != null) {
            System.err.println("hupbot run: " + unsafe);
            return 2;
        }
        PidFile pidFile = new PidFile(dataOption.data);
        try {
            pidFile.claim();
        } catch (RuntimeException e) {
            System.err.println("hupbot run: " + e.getMessage());
            return 2;
        }
        Listeners listeners;
        try {
            listeners = Listeners.open(listenerPlan, clock, () -> statusOf(running.get()), triggerOptions.enableLifecycle
                    ? new LifecycleHandler(() -> requests.request(Trigger.HTTP), HistoryJson::reloadResponse) : null);
        } catch (RuntimeException e) {
            System.err.println("hupbot run: " + e.getMessage());
            pidFile.release();
            return 2;
        }
        // Watching starts before the first load, so a save during the start is not missed.
        ConfigWatcher watcher = triggerOptions.watch ? ConfigWatcher.create(watchedFiles(envSource), () -> requests.request(Trigger.WATCH)) : null;
        Hupbot bots;
        try {
            Hupbot.Builder builder = Hupbot.builder();
            if (chat == Chat.twitch) {
                builder.eventSub(java.net.URI.create(twitchEventSubUrl)); // the shell chat has no streams: every channel is live
            }
            bots = builder
                    .config(configOption.config)
                    .dataDir(dataOption.data)
                    .env(envSource)
                    .clock(clock)
                    .twitchApi(new TwitchApi(twitchHelixUrl, twitchAuthUrl))
                    .transport(transport(clock, values, () -> endOfInput(running.get(), stop)))
                    .onReload(listeners)
                    .onReload(requests)
                    .onCommandAnswer((bot, message, answer) -> noteAnswer(message.id(), answer))
                    .start();
        } catch (Hupbot.StartupException e) {
            System.err.println("hupbot run: nothing to run, the configuration was rejected:");
            e.result().problems().forEach(p -> System.err.println("  " + p));
            closeQuietly(watcher);
            listeners.close();
            pidFile.release();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("hupbot run: " + e.getMessage());
            closeQuietly(watcher);
            listeners.close();
            pidFile.release();
            return 2;
        }
        try {
            listeners.serve(dataOption.data);
        } catch (RuntimeException e) {
            System.err.println("hupbot run: " + e.getMessage());
            closeQuietly(watcher);
            listeners.close();
            bots.close();
            pidFile.release();
            return 2;
        }
        running.set(bots);
        if (hupWhileStarting.get()) {
            requests.request(Trigger.SIGHUP);
        }
        if (watcher != null) {
            watcher.start();
        }
        ShellTransport chatShell = shell;
        if (chatShell != null) {
            chatShell.open(); // the start-up reload applied and the bots joined: lines typed so far can go
            if (System.console() != null) { // a person at a terminal, not a pipe: say how it works, once
                chatShell.note("type chat as [#channel] [user:] text; Ctrl-D ends; log: "
                        + dataOption.data.resolve(LogSetup.LOG_FILE));
            }
        }
        StatusFile statusFile = new StatusFile(dataOption.data);
        ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-file");
            t.setDaemon(true);
            return t;
        });
        statusWriter.scheduleWithFixedDelay(() -> writeStatus(statusFile, bots, clock), 0, 2, TimeUnit.SECONDS);
        log.info("hupbot running (pid {}); send SIGHUP to reload {}", ProcessHandle.current().pid(), configOption.config);
        requests.started();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Stopping: finishing any reload in progress, leaving chat");
        requests.stopping();
        closeQuietly(watcher);
        statusWriter.shutdownNow();
        listeners.close();
        bots.close();
        awaitQuietly(statusWriter); // a write still under way must not bring the file back after the delete
        statusFile.delete();
        pidFile.release();
        log.info("Stopped");
        return 0;
    }

    /**
     * What {@code --watch} watches: the config file and the env file (the given one, or
     * {@code .env} next to the config, which may appear later): either changing is a reload.
     */
    private List<Path> watchedFiles(EnvSource envSource) {
        List<Path> files = new ArrayList<>(List.of(configOption.config));
        envSource.file().ifPresent(files::add);
        return List.copyOf(files);
    }

    private static void closeQuietly(@Nullable ConfigWatcher watcher) {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<BotStatus> statusOf(@Nullable Hupbot bots) {
        return bots == null ? List.of() : bots.status();
    }

    private static void writeStatus(StatusFile file, Hupbot bots, Clock clock) {
        try {
            Hupbot.Finished last = bots.lastReload();
            StatusFile.LastReload reload = new StatusFile.LastReload(last.result().reloadId(),
                    last.result().trigger().name(), last.result().outcome().name(), last.at(),
                    bots.runningVersion().orElse(null));
            file.write(ProcessHandle.current().pid(), clock.instant(), bots.status(),
                    bots.fallback().map(f -> f.describe() + "; fix the file and reload").orElse(null), reload, bots.streams());
        } catch (RuntimeException e) {
            log.warn("{}", e.getMessage());
        }
    }

    /**
     * End of the shell's input (EOF of a pipe, Ctrl-D): wait until every line read has been
     * handled by every bot and the replies it caused were printed (commands answer at once, AI
     * replies after their delay, bounded by {@link Hupbot#replyWaitBound()}), then stop as
     * SIGTERM does.
     */
    private void endOfInput(@Nullable Hupbot bots, CountDownLatch stop) {
        ShellTransport current = shell;
        if (bots != null && current != null) {
            long deadline = System.nanoTime() + bots.replyWaitBound().toNanos();
            while (!quiet(current, bots) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        log.info("End of input: stopping");
        stop.countDown();
    }

    /**
     * Nothing under way: no line being handed to a bot, no AI reply owed, and no line handed over
     * between the first and the last look (a line handled in between may have queued a reply).
     */
    private static boolean quiet(ShellTransport shell, Hupbot bots) {
        long before = shell.dispatchedSoFar();
        return shell.idle() && bots.repliesIdle() && shell.idle() && shell.dispatchedSoFar() == before;
    }

    /** The shell chat says why a line got no answer (unknown command, cooldown); Twitch chat shows nothing. */
    private void noteAnswer(String messageId, CommandHandler.Answer answer) {
        ShellTransport current = shell;
        if (current == null) {
            return;
        }
        ShellTransport.@Nullable CommandOutcome outcome = switch (answer.kind()) {
            case ANSWERED -> ShellTransport.CommandOutcome.ANSWERED;
            case UNKNOWN -> ShellTransport.CommandOutcome.UNKNOWN;
            case COOLDOWN -> ShellTransport.CommandOutcome.COOLDOWN;
            case NOT_ANSWERED -> ShellTransport.CommandOutcome.NOT_ANSWERED;
            case NOT_A_COMMAND -> null;
        };
        if (outcome != null) {
            current.commandOutcome(messageId, outcome, answer.command(), answer.secondsLeft());
        }
    }

    private ChatTransport transport(Clock clock, Map<String, String> values, Runnable endOfInput) {
        return switch (chat) {
            case shell -> {
                ShellTransport transport = new ShellTransport(new PrintStream(System.out, true, StandardCharsets.UTF_8), clock,
                        System.console() != null); // dim notes on a terminal, plain text into a pipe
                transport.readFrom(System.in, endOfInput);
                shell = transport;
                yield transport;
            }
            case twitch -> {
                TwitchSettings settings = TwitchSettings.defaults()
                        .withIrcUrl(twitchIrcUrl)
                        .withAuthUrl(twitchAuthUrl)
                        .withHelixUrl(twitchHelixUrl)
                        .withRateLimits(twitchRateLimits)
                        .withTokenRefresh(tokenRefresh(values, twitchRefreshMargin));
                // the token store sits in front: bots without a token line log in from it, and every
                // rotated refresh token is written there before the new access token is used
                yield new StoreTokens(rotation -> new TwitchTransport(settings, clock, event -> { }, rotation),
                        new TokenStore(dataOption.data), new TwitchOAuth(twitchAuthUrl), clock, RunCommand::every);
            }
        };
    }

    /** The token checks' timer: one daemon thread. */
    private static AutoCloseable every(Duration period, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "token-checks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** The application that refreshes tokens, from {@code TWITCH_CLIENT_ID} and {@code TWITCH_CLIENT_SECRET}. */
    static TokenRefresh tokenRefresh(Map<String, String> env, Duration minMargin) {
        TokenRefresh refresh = TokenRefresh.none().withMinMargin(minMargin);
        String id = env.getOrDefault(CLIENT_ID_VARIABLE, "").strip();
        String secret = env.getOrDefault(CLIENT_SECRET_VARIABLE, "").strip();
        if (!id.isEmpty() && !secret.isEmpty()) {
            return refresh.withClient(id, Secret.of(secret));
        }
        if (!id.isEmpty()) {
            // a public application (hupbot auth login's device flow) refreshes with its id alone
            return refresh.withPublicClient(id);
        }
        if (!secret.isEmpty()) {
            log.warn("{} is set but {} is not, so no token is refreshed; set {} to your Twitch application's"
                    + " client id to refresh bots' tokens before they expire", CLIENT_SECRET_VARIABLE, CLIENT_ID_VARIABLE,
                    CLIENT_ID_VARIABLE);
        }
        return refresh;
    }
}
