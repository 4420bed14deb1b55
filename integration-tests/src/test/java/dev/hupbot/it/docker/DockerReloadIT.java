package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.Mount;
import dev.hupbot.it.docker.HupbotContainer.Reload;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The image as docker-compose.yml runs it, reloaded through the Docker API ({@code docker kill -s
 * HUP}) and through {@code docker exec ... hupbot reload}. One container serves every test here;
 * each test writes its own versions of bots.toml (every one distinct) and compares with what it
 * wrote, so the order of the tests does not matter.
 */
@ExtendWith(DockerRequired.class)
class DockerReloadIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** A file that is not TOML any more: a table header without its closing bracket. */
    static final String BROKEN = "\n[[bots]\nname = \"broken\"\n";
    static final AtomicInteger VERSIONS = new AtomicInteger();
    static final List<Duration> SIGNAL_TO_ROW = new ArrayList<>();

    static TwitchCrew crew;
    static ConfigDir config;
    static DataVolume data;
    static HupbotContainer hupbot;

    @BeforeAll
    static void start(@TempDir Path dir) {
        crew = new TwitchCrew();
        config = ConfigDir.create(dir);
        config.write(TwitchCrew.toml("pong {args} from {bot}"));
        data = DataVolume.create();
        hupbot = HupbotContainer.start(config, data.name(), crew.env(), null);
        crew.awaitOnline();
        assertThat(crew.answerTo("!ping 0", "alpha")).isEqualTo("pong 0 from alpha");
        System.out.printf(Locale.ROOT, "[docker] container start to 'hupbot running' %d ms, to both bots answering %d ms%n",
                Duration.between(hupbot.startRequested(), hupbot.running()).toMillis(),
                Duration.between(hupbot.startRequested(), Instant.now()).toMillis());
    }

    @AfterEach
    void nothingWroteTheConfigAndNoSecretWasLogged() {
        config.assertUntouchedSinceLastWrite();
        assertThat(hupbot.logLines()).noneMatch(l -> l.contains("Read-only file system") || l.contains("AccessDenied"));
        for (String bot : TwitchCrew.BOTS) {
            assertThat(hupbot.logLines()).noneMatch(l -> l.contains(crew.token(bot)));
        }
    }

    @AfterAll
    static void stop() {
        if (!SIGNAL_TO_ROW.isEmpty()) {
            List<Long> ms = SIGNAL_TO_ROW.stream().map(Duration::toMillis).sorted().toList();
            System.out.printf(Locale.ROOT, "[docker] docker kill -s HUP to reload row finished: n=%d, median %d ms, max %d ms%n",
                    ms.size(), ms.get(ms.size() / 2), ms.get(ms.size() - 1));
        }
        if (hupbot != null) {
            hupbot.close();
        }
        if (data != null) {
            data.close();
        }
        if (crew != null) {
            crew.close();
        }
    }

    /** A {@code !ping} response no earlier file had, so each write is a real change. */
    static String newPing() {
        return "v" + VERSIONS.incrementAndGet() + " {args} by {bot}";
    }

    static String answer(String ping, String args) {
        return ping.replace("{args}", args).replace("{bot}", "alpha");
    }

    /** Saves {@code text}, sends SIGHUP through the Docker API, returns the reload's row once it finished. */
    static Reload hupWith(String text) {
        long before = hupbot.lastFinishedReload().orElse(0);
        config.write(text);
        Instant sent = Instant.now();
        hupbot.signal("HUP");
        Reload row = hupbot.awaitReloadAfter(before, WAIT);
        if (row.finishedAt() != null) {
            SIGNAL_TO_ROW.add(Duration.between(sent, row.finishedAt()));
        }
        return row;
    }

    @Test
    void theJvmIsPid1AsTheNonRootUserAndCatchesHupAndTerm() {
        assertThat(hupbot.pid1CommandLine()).first().isEqualTo("java");
        assertThat(hupbot.pid1CommandLine()).containsSubsequence("-jar", "/app/hupbot.jar", "run").last().isEqualTo("run");
        assertThat(hupbot.execExpecting(0, "id", "-u").getStdout().strip()).isEqualTo("10001");
        List<String> status = hupbot.execExpecting(0, "cat", "/proc/1/status").getStdout().lines().toList();
        assertThat(status).filteredOn(l -> l.startsWith("Uid:")).singleElement().asString()
                .matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001");
        // A PID 1 gets only the signals it has handlers for: SigCgt must have HUP (1) and TERM (15).
        BigInteger caught = new BigInteger(field(status, "SigCgt:"), 16);
        BigInteger ignored = new BigInteger(field(status, "SigIgn:"), 16);
        assertThat(caught.testBit(1 - 1)).as("SIGHUP caught").isTrue();
        assertThat(caught.testBit(15 - 1)).as("SIGTERM caught").isTrue();
        assertThat(ignored.testBit(1 - 1)).as("SIGHUP ignored").isFalse();

        InspectContainerResponse inspect = hupbot.inspect();
        assertThat(inspect.getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(inspect.getConfig().getEnv()).contains("HUPBOT_CONFIG=/config/bots.toml", "HUPBOT_DATA=/data");
        assertThat(inspect.getConfig().getHealthcheck().getTest()).containsExactly("CMD", "hupbot", "status", "--health");
        assertThat(hupbot.exec("hupbot", "status", "--health").getExitCode()).isZero();
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow().substring(name.length()).strip();
    }

    @Test
    void hupAfterAnEditAppliesItOnTheSameConnections() {
        Map<String, Integer> connections = crew.connections();
        String ping = newPing();
        Reload row = hupWith(TwitchCrew.toml(ping));

        assertThat(row.trigger()).isEqualTo("SIGHUP");
        assertThat(row.outcome()).isEqualTo("APPLIED");
        assertThat(row.changeCount()).isEqualTo(1);
        assertThat(crew.answerTo("!ping 1", "alpha")).isEqualTo(answer(ping, "1"));
        assertThat(crew.answerTo("!ping 2", "bravo")).isEqualTo("pong 2 from bravo");
        assertThat(crew.connections()).as("chat connections opened").isEqualTo(connections);
        assertThat(hupbot.logLines())
                .anyMatch(l -> l.contains("SIGHUP received - reloading configuration..."))
                .anyMatch(l -> l.contains("bot=alpha commands.ping.response: ") && l.endsWith("[HOT]"));
    }

    @Test
    void anInvalidFileIsRejectedAndTheBotsKeepAnsweringTheOldWay() {
        String ping = newPing();
        assertThat(hupWith(TwitchCrew.toml(ping)).outcome()).isEqualTo("APPLIED");
        Map<String, Integer> connections = crew.connections();

        Reload row = hupWith(TwitchCrew.toml(newPing()) + BROKEN);

        assertThat(row.outcome()).isEqualTo("REJECTED");
        assertThat(row.summary()).startsWith("/config/bots.toml:");
        assertThat(crew.answerTo("!ping 3", "alpha")).isEqualTo(answer(ping, "3"));
        assertThat(crew.connections()).isEqualTo(connections);
        assertThat(hupbot.logLines()).anyMatch(l -> l.contains(
                "Failed to reload configuration - keeping existing configuration (reload #" + row.id() + "): /config/bots.toml:"));
    }

    @Test
    void fiveQuickSignalsAreEachProcessedOrCoalescedAndTheLastFileWins() {
        long before = hupbot.lastFinishedReload().orElse(0);
        long startedBefore = hupbot.signalReloadsStarted();
        long finishedBefore = hupbot.reloadsFinished();
        List<String> pings = IntStream.range(0, 5).mapToObj(i -> newPing()).toList();
        for (String ping : pings) {
            config.write(TwitchCrew.toml(ping));
            hupbot.signal("HUP");
        }
        // Settled: every reload the signals started has finished, and no further one starts.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).during(Duration.ofSeconds(2)).until(() -> {
            long started = hupbot.signalReloadsStarted() - startedBefore;
            return started >= 1 && started == hupbot.reloadsFinished() - finishedBefore;
        });

        List<Reload> history = hupbot.history();
        List<Reload> rows = history.stream().filter(r -> r.id() > before).toList();
        assertThat(history).noneMatch(r -> r.outcome().equals("IN_PROGRESS"));
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.trigger()).isEqualTo("SIGHUP");
            assertThat(r.outcome()).isIn("APPLIED", "UNCHANGED");
        });
        long signalsAccounted = rows.stream().mapToLong(r -> 1 + r.coalescedSignals()).sum();
        assertThat(signalsAccounted).isBetween(1L, 5L);
        String last = TwitchCrew.toml(pings.get(4));
        assertThat(hupbot.export(rows.get(0).id())).as("the file the newest reload read").isEqualTo(last);
        assertThat(crew.answerTo("!ping 4", "alpha")).isEqualTo(answer(pings.get(4), "4"));
        System.out.printf(Locale.ROOT, "[docker] 5 quick HUPs: %d reload rows %s, signals accounted %d%n", rows.size(),
                rows.stream().map(r -> "#" + r.id() + " " + r.outcome() + " +" + r.coalescedSignals()).toList(), signalsAccounted);
    }

    @Test
    void reloadInsideTheContainerExitsZeroForAGoodFileAndOneForABadOne() {
        String ping = newPing();
        config.write(TwitchCrew.toml(ping));
        long start = System.nanoTime();
        ExecResult good = hupbot.exec("hupbot", "reload");
        long goodMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(good.getExitCode()).as("exit code of hupbot reload, output:%n%s%s", good.getStdout(), good.getStderr()).isZero();
        assertThat(good.getStdout()).containsPattern("^reload #\\d+ APPLIED \\(")
                .contains("bot=alpha commands.ping.response: ");

        config.write(TwitchCrew.toml(newPing()) + BROKEN);
        ExecResult bad = hupbot.exec("hupbot", "reload");
        assertThat(bad.getExitCode()).as("exit code of hupbot reload, output:%n%s%s", bad.getStdout(), bad.getStderr()).isEqualTo(1);
        assertThat(bad.getStdout()).containsPattern("^reload #\\d+ REJECTED \\(").contains("/config/bots.toml:");

        assertThat(crew.answerTo("!ping 5", "alpha")).isEqualTo(answer(ping, "5"));
        System.out.printf(Locale.ROOT, "[docker] docker exec hupbot reload (APPLIED), wall time: %d ms%n", goodMs);
    }

    @Test
    void theConfigMountIsReadOnly() {
        List<Mount> mounts = hupbot.inspect().getMounts();
        assertThat(mounts).filteredOn(m -> "/config".equals(pathOf(m))).singleElement().satisfies(m -> {
            assertThat(m.getRW()).isFalse();
            assertThat(m.getSource()).isEqualTo(config.path().toString());
        });
        assertThat(mounts).filteredOn(m -> "/data".equals(pathOf(m))).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo(data.name());
            assertThat(m.getRW()).isTrue();
        });
        // Even root in the container cannot write there: the mount itself is read-only.
        ExecResult touch = hupbot.execAs("root", "touch", "/config/bots.toml");
        assertThat(touch.getExitCode()).isNotZero();
        assertThat(touch.getStderr()).contains("Read-only file system");
    }

    private static String pathOf(Mount mount) {
        return mount.getDestination() == null ? "" : mount.getDestination().getPath();
    }
}
