package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.EnvSource;
import dev.hupbot.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator with its real parts: loader, diff, H2 audit, runtime on the shell chat. */
class ReloadCoordinatorTest {
    @TempDir Path dir;
    Path config;
    AuditStore audit;
    BotRuntime runtime;
    ReloadCoordinator coordinator;
    final List<ReloadResult> results = new CopyOnWriteArrayList<>();

    static String crew(String response) {
        return """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN}"
                channels = ["mychannel"]

                [bots.commands.hello]
                response = "%s"
                """.formatted(response);
    }

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("bots.toml");
        Files.writeString(config, crew("v0"));
        audit = AuditStore.open(dir.resolve("data"));
        runtime = new BotRuntime(new ShellTransport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Clock.systemUTC()), Clock.systemUTC());
        coordinator = new ReloadCoordinator(config, new ConfigLoader(Map.of("TWITCH_TOKEN", "oauth:unit")), audit, runtime,
                Clock.systemUTC(), results::add);
        assertThat(coordinator.start().outcome()).isEqualTo(Outcome.APPLIED);
    }

    @AfterEach
    void tearDown() {
        coordinator.close();
        runtime.close();
        audit.close();
    }

    ReloadResult reload() throws Exception {
        return coordinator.request(Trigger.SIGHUP).get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyConcurrentRequestIsServedAndCountedExactlyOnce() throws Exception {
        int requests = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ReloadResult>> futures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < requests; i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    go.await();
                    if (n % 10 == 0) {
                        // Saved by rename, as editors do, so a reload never reads half a file.
                        Path temp = dir.resolve("bots.toml." + n);
                        Files.writeString(temp, crew("v" + n));
                        Files.move(temp, config, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
                futures.add(coordinator.request(Trigger.SIGHUP));
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Set<Long> reloads = new HashSet<>();
        for (CompletableFuture<ReloadResult> f : futures) {
            ReloadResult r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.outcome()).isIn(Outcome.APPLIED, Outcome.UNCHANGED);
            reloads.add(r.reloadId());
        }
        assertThat(futures).hasSize(requests);
        List<ReloadSummary> rows = audit.history(1000).stream().filter(r -> reloads.contains(r.id())).toList();
        assertThat(rows.stream().mapToInt(r -> 1 + r.coalescedSignals()).sum()).isEqualTo(requests);
        // One more reload after the dust settles reads the final file and finds nothing new.
        assertThat(reload().outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(runtime.active()).isEqualTo(new ConfigLoader(Map.of("TWITCH_TOKEN", "oauth:unit")).load(config).config());
    }

    @Test
    void aRejectedFileLeavesTheSnapshotExactlyAsItWas() throws Exception {
        BotsConfig before = runtime.active();
        Files.writeString(config, crew("v1").replace("channels = [\"mychannel\"]", "channels = [\"my channel\"]"));
        ReloadResult r = reload();
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.problems()).singleElement().asString().startsWith(config + ":4:");
        assertThat(runtime.active()).isSameAs(before);
        assertThat(audit.reload(r.reloadId()).orElseThrow().summary().outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void sameBytesAreUnchangedAndNotApplied() throws Exception {
        BotsConfig before = runtime.active();
        ReloadResult r = reload();
        assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(r.changes()).isEmpty();
        assertThat(runtime.active()).isSameAs(before);
    }

    @Test
    void aDirectoryAFifoAHugeFileAndInvalidUtf8AreRejectedWithAClearMessage() throws Exception {
        Files.delete(config);
        Files.createDirectory(config);
        assertThat(reload().problems()).containsExactly(config + ":1:1: error: is a directory, not a file; point --config at the bots.toml file");
        Files.delete(config);

        Process mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(reload().problems()).singleElement().asString().contains("not a regular file (a FIFO, socket or device)");
        Files.delete(config);

        Files.write(config, new byte[50 * 1024 * 1024]);
        assertThat(reload().problems()).containsExactly(config + ":1:1: error: file is 52,428,800 bytes, over the limit of"
                + " 1,048,576 bytes (1 MiB); is it the right file? A bots.toml is normally a few kilobytes");

        Files.write(config, new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        ReloadResult invalidUtf8 = reload();
        assertThat(invalidUtf8.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(invalidUtf8.problems()).singleElement().asString().startsWith(config + ":1:3: error:");

        Files.delete(config);
        assertThat(reload().problems()).containsExactly(config + ":1:1: error: no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)");
        assertThat(results).filteredOn(r -> r.trigger() == Trigger.SIGHUP).allMatch(r -> r.outcome() == Outcome.REJECTED);
        assertThat(runtime.active().bots()).hasSize(1);
    }

    @Test
    void whenTheAuditDatabaseFailsNothingIsApplied() throws Exception {
        BotsConfig before = runtime.active();
        Files.writeString(config, crew("v2"));
        audit.close();
        ReloadResult r = reload();
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.problems()).singleElement().asString().contains("nothing applied, no change without a record");
        assertThat(runtime.active()).isSameAs(before);
    }

    @Test
    void closeCancelsRequestsNotYetStartedAndStopsTheWorker() throws Exception {
        coordinator.close();
        assertThat(coordinator.awaitWorkerExit(5, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.request(Trigger.SIGHUP)).isCancelled();
        List<Outcome> outcomes = new ArrayList<>();
        results.forEach(r -> outcomes.add(r.outcome()));
        assertThat(outcomes).containsExactly(Outcome.APPLIED);
    }

    @Test
    void sameBytesWithAnotherTokenInTheEnvFileReconnectsAndAGoneEnvFileIsRejected() throws Exception {
        Path otherDir = Files.createDirectory(dir.resolve("with-env"));
        Path otherConfig = otherDir.resolve("bots.toml");
        Files.writeString(otherConfig, crew("v0"));
        Path envFile = otherDir.resolve(".env");
        Files.writeString(envFile, "TWITCH_TOKEN=oauth:first-token\n");
        try (AuditStore store = AuditStore.open(otherDir.resolve("data"));
                BotRuntime bots = new BotRuntime(new ShellTransport(new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), Clock.systemUTC()), Clock.systemUTC());
                ReloadCoordinator withEnv = new ReloadCoordinator(otherConfig,
                        new ConfigLoader(EnvSource.of(null, otherConfig, Map.of("TWITCH_TOKEN", "oauth:process-env"))),
                        store, bots, Clock.systemUTC(), r -> { })) {
            assertThat(withEnv.start().outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(bots.active().bots().get(0).token()).isEqualTo(Secret.of("oauth:first-token"));

            Files.writeString(envFile, "TWITCH_TOKEN=oauth:second-token\n");
            ReloadResult changed = withEnv.request(Trigger.SIGHUP).get(30, TimeUnit.SECONDS);
            assertThat(changed.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(changed.changes()).extracting(c -> c.change().logLine()).containsExactly("bot=stickyman token: "
                    + Secret.of("oauth:first-token").redacted() + " -> " + Secret.of("oauth:second-token").redacted()
                    + " [RECONNECT]");

            Files.writeString(envFile, "# a comment only\nTWITCH_TOKEN=oauth:second-token\n");
            assertThat(withEnv.request(Trigger.SIGHUP).get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UNCHANGED);

            Files.delete(envFile);
            ReloadResult gone = withEnv.request(Trigger.SIGHUP).get(30, TimeUnit.SECONDS);
            assertThat(gone.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(gone.problems()).containsExactly(envFile + ":1:1: error: env file is gone (it was read before);"
                    + " restore it — hupbot keeps running with the values it has");
            assertThat(bots.active().bots().get(0).token()).isEqualTo(Secret.of("oauth:second-token"));
        }
    }
}
