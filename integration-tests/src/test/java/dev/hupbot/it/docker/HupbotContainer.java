package dev.hupbot.it.docker;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of the hupbot image running {@code hupbot run} (the image's default command) on
 * the host's network, with a config directory mounted read-only at /config and a named volume at
 * /data, as docker-compose.yml runs it. Everything a test does to it goes through the Docker API
 * or {@code docker exec}, as an operator's would.
 */
final class HupbotContainer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** The memory limit docker-compose.yml sets: the tests run the bots in the same room. */
    static final long MEMORY_LIMIT = 512L * 1024 * 1024;

    /** A row of {@code hupbot history --json} (docs/history-json.md), the fields the tests read. */
    record Reload(long id, String trigger, String outcome, Instant requestedAt, @Nullable Instant finishedAt,
            long coalescedSignals, long changeCount, String summary) {}

    /** How {@code docker stop} went. */
    record Stopped(Duration took, long exitCode) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lines the design fixes for the end of a reload; each names its reload row. */
    private static final Pattern FINISHED = Pattern.compile("(?:Configuration reloaded successfully|Configuration unchanged"
            + "|Configuration partially applied|Failed to reload configuration - keeping existing configuration) \\(reload #(\\d+)[,)]");

    private final GenericContainer<?> container;
    private final StringBuffer log;
    private final Instant startRequested;
    private final Instant running;

    private HupbotContainer(GenericContainer<?> container, StringBuffer log, Instant startRequested, Instant running) {
        this.container = container;
        this.log = log;
        this.startRequested = startRequested;
        this.running = running;
    }

    /**
     * Creates and starts it and returns once hupbot logs that it runs (as PID 1). With
     * {@code healthInterval}, Docker runs the image's HEALTHCHECK that often instead of every 30 s.
     */
    static HupbotContainer start(ConfigDir config, String dataVolume, Map<String, String> env, @Nullable Duration healthInterval) {
        StringBuffer log = new StringBuffer();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(HupbotImage.name()))
                .withNetworkMode("host")
                .withEnv(env)
                .withLogConsumer(frame -> log.append(frame.getUtf8String()))
                .withCreateContainerCmdModifier(cmd -> {
                    Objects.requireNonNull(cmd.getHostConfig())
                            .withBinds(new Bind(config.path().toString(), new Volume("/config"), AccessMode.ro),
                                    new Bind(dataVolume, new Volume("/data")))
                            .withMemory(MEMORY_LIMIT);
                    if (healthInterval != null) {
                        // Only the interval: Docker keeps the image's test command, timeout and retries.
                        cmd.withHealthcheck(new HealthCheck().withInterval(healthInterval.toNanos()));
                    }
                })
                .waitingFor(Wait.forLogMessage("(?s).*hupbot running \\(pid 1\\).*", 1).withStartupTimeout(START_TIMEOUT));
        Instant requested = Instant.now();
        try {
            container.start();
        } catch (RuntimeException e) {
            String text = log.toString();
            container.stop();
            throw new AssertionError("the hupbot container did not start: " + e.getMessage() + "\nits log:\n" + text, e);
        }
        return new HupbotContainer(container, log, requested, Instant.now());
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    String id() {
        return container.getContainerId();
    }

    /** When {@link #start} began: the moment an operator's {@code docker run} would. */
    Instant startRequested() {
        return startRequested;
    }

    /** When the test saw hupbot's {@code hupbot running (pid 1)} line. */
    Instant running() {
        return running;
    }

    /** {@code docker kill -s NAME}, through the Docker API. */
    void signal(String name) {
        docker().killContainerCmd(id()).withSignal(name).exec();
    }

    /** {@code docker exec}, as the image's user. */
    ExecResult exec(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during docker exec " + String.join(" ", command), e);
        }
    }

    /** {@code docker exec --user USER}. */
    ExecResult execAs(String user, String... command) {
        try {
            return container.execInContainer(ExecConfig.builder().user(user).command(command).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during docker exec " + String.join(" ", command), e);
        }
    }

    /** {@code exec}, failing with its output unless it exits {@code expected}. */
    ExecResult execExpecting(int expected, String... command) {
        ExecResult result = exec(command);
        if (result.getExitCode() != expected) {
            throw new AssertionError("docker exec " + String.join(" ", command) + " exited " + result.getExitCode()
                    + ", not " + expected + "\nstdout:\n" + result.getStdout() + "\nstderr:\n" + result.getStderr());
        }
        return result;
    }

    InspectContainerResponse inspect() {
        return docker().inspectContainerCmd(id()).exec();
    }

    /** The container's log (hupbot's stderr and stdout) so far, line by line. */
    List<String> logLines() {
        return List.of(log.toString().split("\n"));
    }

    /** The highest reload id the log has seen finish, if any. */
    OptionalLong lastFinishedReload() {
        return finishedReloads().stream().mapToLong(Long::longValue).max();
    }

    private List<Long> finishedReloads() {
        List<Long> ids = new ArrayList<>();
        Matcher m = FINISHED.matcher(log.toString());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** Lines of the log that announce a reload starting for a signal. */
    long signalReloadsStarted() {
        return logLines().stream().filter(l -> l.contains("SIGHUP received - reloading configuration...")).count();
    }

    long reloadsFinished() {
        return finishedReloads().size();
    }

    /**
     * The oldest reload after {@code before} once it finished: its end line in the log says when
     * (cheap to watch), then {@code hupbot history --json} gives the row.
     */
    Reload awaitReloadAfter(long before, Duration timeout) {
        long[] id = new long[1];
        await().alias("a reload after #" + before + " to finish").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    id[0] = finishedReloads().stream().filter(i -> i > before).mapToLong(Long::longValue).min().orElse(0);
                    return id[0] > 0;
                });
        return history().stream().filter(r -> r.id() == id[0]).findFirst()
                .orElseThrow(() -> new AssertionError("reload #" + id[0] + " finished in the log but is not in hupbot history"));
    }

    /** {@code hupbot history --json --limit 50}, newest first. */
    List<Reload> history() {
        String json = execExpecting(0, "hupbot", "history", "--json", "--limit", "50").getStdout();
        List<Reload> rows = new ArrayList<>();
        try {
            for (JsonNode row : JSON.readTree(json)) {
                rows.add(new Reload(row.path("id").asLong(), row.path("trigger").asText(), row.path("outcome").asText(),
                        Instant.parse(row.path("requested_at").asText()),
                        row.path("finished_at").isTextual() ? Instant.parse(row.path("finished_at").asText()) : null,
                        row.path("coalesced_signals").asLong(), row.path("change_count").asLong(), row.path("summary").asText()));
            }
        } catch (IOException e) {
            throw new AssertionError("hupbot history --json printed no JSON array:\n" + json, e);
        }
        return rows;
    }

    /** {@code hupbot history export ID}: the exact file text that reload read. */
    String export(long reloadId) {
        return execExpecting(0, "hupbot", "history", "export", Long.toString(reloadId)).getStdout();
    }

    /** {@code docker stop -t GRACE}: SIGTERM, then SIGKILL after the grace period. */
    Stopped stop(Duration grace) {
        long start = System.nanoTime();
        docker().stopContainerCmd(id()).withTimeout((int) grace.toSeconds()).exec();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Long exit = inspect().getState().getExitCodeLong();
        return new Stopped(took, exit == null ? -1 : exit);
    }

    /** The image's process command line, as PID 1 sees it. */
    List<String> pid1CommandLine() {
        return Arrays.asList(execExpecting(0, "cat", "/proc/1/cmdline").getStdout().split("\0"));
    }

    /** Removes the container (and its anonymous volumes; the named /data volume stays). */
    @Override
    public void close() {
        container.stop();
    }
}
