package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.HealthState;
import dev.hupbot.it.docker.HupbotContainer.Reload;
import dev.hupbot.it.docker.HupbotContainer.Stopped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The container's life as an operator sees it: it starts answering, stops cleanly on {@code
 * docker stop}, leaves its history in the volume for the next container, and its HEALTHCHECK
 * says whether the bots are connected.
 */
@ExtendWith(DockerRequired.class)
class DockerLifecycleIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** docker-compose.yml's stop_grace_period. */
    static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir Path dir;
    TwitchCrew crew;
    ConfigDir config;
    DataVolume data;
    /** Every container a test started, removed after it even when the test fails midway. */
    final List<HupbotContainer> containers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        crew = new TwitchCrew();
        config = ConfigDir.create(dir);
        config.write(TwitchCrew.toml("pong {args} from {bot}"));
        data = DataVolume.create();
    }

    @AfterEach
    void tearDown() {
        containers.forEach(HupbotContainer::close);
        data.close();
        crew.close();
    }

    /**
     * Starts a container on the test's volume and returns once both bots answer, alpha with
     * {@code alphaPing}; prints how long that took.
     */
    HupbotContainer startAnswering(String what, String alphaPing, @Nullable Duration healthInterval) {
        HupbotContainer c = HupbotContainer.start(config, data.name(), crew.env(), healthInterval);
        containers.add(c);
        crew.awaitOnline();
        int sent = crew.twitch.messagesFrom("bravo").size();
        String answer = crew.answerTo("!ping ready", "alpha");
        await().atMost(WAIT).until(() -> crew.twitch.messagesFrom("bravo").size() > sent);
        System.out.printf(Locale.ROOT, "[docker] %s: container start to 'hupbot running' %d ms, to both bots answering %d ms%n",
                what, Duration.between(c.startRequested(), c.running()).toMillis(),
                Duration.between(c.startRequested(), Instant.now()).toMillis());
        assertThat(answer).isEqualTo(alphaPing.replace("{args}", "ready").replace("{bot}", "alpha"));
        return c;
    }

    @Test
    void dockerStopExitsZeroWithinTheGracePeriodAndTheNextContainerShowsTheHistory() {
        HupbotContainer one = startAnswering("new volume", "pong {args} from {bot}", null);
        long before = one.lastFinishedReload().orElse(0);
        config.write(TwitchCrew.toml("PONG {args} by {bot}"));
        one.signal("HUP");
        Reload applied = one.awaitReloadAfter(before, WAIT);
        assertThat(applied.outcome()).isEqualTo("APPLIED");
        List<Reload> historyBefore = one.history();

        Stopped stopped = one.stop(GRACE);

        assertThat(stopped.exitCode()).as("exit code after docker stop").isZero();
        assertThat(stopped.took()).isLessThan(GRACE);
        assertThat(one.logLines()).anyMatch(l -> l.contains("Stopping: finishing any reload in progress, leaving chat"))
                .anyMatch(l -> l.endsWith("RunCommand - Stopped"));
        await().atMost(WAIT).until(() -> crew.twitch.openConnections("alpha") + crew.twitch.openConnections("bravo") == 0);
        System.out.printf(Locale.ROOT, "[docker] docker stop: exit %d after %d ms%n", stopped.exitCode(), stopped.took().toMillis());

        HupbotContainer two = startAnswering("existing volume", "PONG {args} by {bot}", null);
        List<Reload> historyAfter = two.history();
        // The first container's rows are all there, unchanged, under the second one's own startup.
        assertThat(historyAfter).containsAll(historyBefore);
        assertThat(historyAfter.get(0).id()).isGreaterThan(applied.id());
        assertThat(historyAfter.get(0).trigger()).isEqualTo("STARTUP");
        assertThat(two.export(applied.id())).isEqualTo(TwitchCrew.toml("PONG {args} by {bot}"));
    }

    @Test
    void theHealthCheckFollowsTheBotsConnections() {
        HupbotContainer c = startAnswering("health check every 3 s", "pong {args} from {bot}", Duration.ofSeconds(3));
        await().alias("Docker to call the container healthy").atMost(WAIT).until(() -> "healthy".equals(health(c)));

        // alpha's token stops working and its connection drops: it cannot get back into chat.
        crew.twitch.rejectToken(crew.token("alpha"));
        crew.twitch.dropConnections("alpha");

        await().alias("hupbot status --health to fail").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            ExecResult health = c.exec("hupbot", "status", "--health");
            assertThat(health.getExitCode()).isEqualTo(1);
            assertThat(health.getStderr()).contains("unhealthy: bot alpha is not connected");
        });
        await().alias("Docker to call the container unhealthy").atMost(WAIT).until(() -> "unhealthy".equals(health(c)));
    }

    @Test
    void aRestartWithABrokenFileRunsTheLastAppliedVersionAndStaysHealthy() {
        // Issue 13, item 2: a broken file plus a restart used to exit 2 and loop under the restart policy.
        HupbotContainer one = startAnswering("before the broken file", "pong {args} from {bot}", null);
        assertThat(one.stop(GRACE).exitCode()).isZero();
        await().atMost(WAIT).until(() -> crew.twitch.openConnections("alpha") + crew.twitch.openConnections("bravo") == 0);

        config.write(TwitchCrew.toml("broken {args}") + "\n[bots.ai]\ntemperature = 7.5\n");
        HupbotContainer two = startAnswering("restart with a broken file", "pong {args} from {bot}", Duration.ofSeconds(3));
        assertThat(two.logLines()).anyMatch(l -> l.contains("Configuration rejected at start-up - running the last applied"
                + " version (config version #1, reload #1): /config/bots.toml:"));
        Reload startup = two.history().get(0);
        assertThat(startup.trigger()).isEqualTo("STARTUP");
        assertThat(startup.outcome()).isEqualTo("REJECTED");
        await().alias("Docker to call the container healthy").atMost(WAIT).until(() -> "healthy".equals(health(two)));
        ExecResult status = two.exec("hupbot", "status");
        assertThat(status.getStdout()).contains("! config: running the last applied version (config version #1, reload #1)");
        // Still the same process, still running: no exit, so no restart loop.
        assertThat(two.inspect().getState().getRunning()).isTrue();
        assertThat(two.inspect().getRestartCount()).isZero();
        assertThat(two.logLines()).filteredOn(l -> l.contains("hupbot running (pid 1)")).hasSize(1);
    }

    private static @Nullable String health(HupbotContainer c) {
        HealthState health = c.inspect().getState().getHealth();
        return health == null ? null : health.getStatus();
    }
}
