package dev.hupbot.cli;

import dev.hupbot.bot.BotStatus;
import dev.hupbot.config.Secret;
import dev.hupbot.console.ConsoleException;
import dev.hupbot.console.ConsoleUser;
import dev.hupbot.console.H2Console;
import dev.hupbot.metrics.HupbotMetrics;
import dev.hupbot.metrics.LifecycleHandler;
import dev.hupbot.metrics.MetricsServer;
import dev.hupbot.net.ListenAddress;
import dev.hupbot.net.UrlRedactor;
import dev.hupbot.reload.ReloadListener;
import dev.hupbot.reload.ReloadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 console and the metrics endpoint of one {@code hupbot run}. Their sockets are bound by
 * {@link #open}, before any bot connects, so a taken port ends the start without touching chat;
 * the console serves only from {@link #serve}, once the database is migrated.
 */
final class Listeners implements ReloadListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final @Nullable H2Console console;
    private final @Nullable Secret consolePassword;
    private final @Nullable HupbotMetrics metrics;
    private final @Nullable MetricsServer metricsServer;

    private Listeners(@Nullable H2Console console, @Nullable Secret consolePassword, @Nullable HupbotMetrics metrics,
            @Nullable MetricsServer metricsServer) {
        this.console = console;
        this.consolePassword = consolePassword;
        this.metrics = metrics;
        this.metricsServer = metricsServer;
    }

    /** Binds what the plan asks for; on failure closes what it opened and throws with the reason. */
    static Listeners open(ListenerOptions.ListenerPlan plan, Clock clock, Supplier<List<BotStatus>> bots) {
        return open(plan, clock, bots, null);
    }

    /** As above; {@code lifecycle}, when not null, serves {@code POST /-/reload} on the metrics listener. */
    static Listeners open(ListenerOptions.ListenerPlan plan, Clock clock, Supplier<List<BotStatus>> bots,
            @Nullable LifecycleHandler lifecycle) {
        ListenAddress consoleAt = plan.console();
        H2Console console = consoleAt == null ? null : H2Console.bind(consoleAt);
        try {
            ListenAddress metricsAt = plan.metrics();
            HupbotMetrics metrics = metricsAt == null ? null : new HupbotMetrics(clock, bots);
            MetricsServer server = metrics == null || metricsAt == null ? null : MetricsServer.start(metricsAt, metrics.registry(), lifecycle);
            if (server != null) {
                log.info("Prometheus metrics on {}", UrlRedactor.redact(String.valueOf(server.url())));
                if (lifecycle != null) {
                    log.info("Lifecycle endpoint on http://{}{} - POST reloads the configuration{}", server.address(),
                            LifecycleHandler.PATH, server.address().isLoopback() ? ""
                                    : "; anyone who can reach this address can start a reload");
                }
            }
            return new Listeners(console, plan.consolePassword(), metrics, server);
        } catch (RuntimeException e) {
            if (console != null) {
                console.close();
            }
            throw e;
        }
    }

    /**
     * Once the bots run: the console's user gets its password and the console starts answering.
     * Without a console, its user is dropped, so an old password stops working.
     */
    void serve(Path dataDir) {
        if (console == null || consolePassword == null) {
            try {
                H2Console.removeUser(dataDir);
            } catch (ConsoleException e) {
                log.warn("{}", e.getMessage()); // the bots run; only the console, which is off, is concerned
            }
            return;
        }
        console.serve(dataDir, consolePassword);
        log.info("H2 console on {} - log in as {} (read-only) with the password in {}, JDBC URL {}",
                UrlRedactor.redact("http://" + console.address()), ConsoleUser.NAME, ListenerOptions.CONSOLE_PASSWORD,
                console.jdbcUrl());
    }

    @Override
    public void onReload(ReloadResult result) {
        if (metrics != null) {
            metrics.onReload(result);
        }
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
