package dev.hupbot.bench;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.BenchAccess;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.diff.TextDiff;
import dev.hupbot.reload.ReloadCoordinator;
import dev.hupbot.reload.ReloadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * One reload, stage by stage, each measured on its own with the real classes: read the file,
 * parse it (tomlj), validate it (defaults, variables, rules), diff it against the running
 * config, record it in the audit database, apply it to running bots; and the whole reload as
 * the coordinator runs it. Every reload changes one field of one bot, alternating between two
 * versions of the file, as an operator does. Sample time: every call is one sample, so the
 * percentiles are those of single reloads.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The JVM options of the Docker image, so heap sizing and GC behave as in production.
@Fork(value = 1, jvmArgsAppend = {"-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-Xss512k"})
public class ReloadStages {

    /** The file and its twin; cheap to make, shared by every stage. */
    @State(Scope.Benchmark)
    public static class Input {
        @Param({"1", "10", "100", "1000", "1000-lean", "10000-lean"})
        public String size;

        BenchConfigs configs;
        Path dir;
        Path file;
        Path fileB;
        byte[] a;
        byte[] b;
        ConfigLoader loader;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            configs = BenchConfigs.of(size);
            dir = Files.createTempDirectory("hupbot-bench");
            file = dir.resolve("bots.toml");
            fileB = dir.resolve("bots-b.toml");
            a = configs.a().getBytes(StandardCharsets.UTF_8);
            b = configs.b().getBytes(StandardCharsets.UTF_8);
            Files.write(file, a);
            Files.write(fileB, b);
            loader = new ConfigLoader(configs.env());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Both versions loaded, as a reload has them after validation. */
    @State(Scope.Benchmark)
    public static class Loaded {
        BotsConfig configA;
        BotsConfig configB;
        TomlParseResult parsedA;
        ConfigDiff diffAB;
        ConfigDiff diffBA;

        @Setup(Level.Trial)
        public void setUp(Input files) {
            configA = load(files, files.a);
            configB = load(files, files.b);
            parsedA = Toml.parse(files.configs.a());
            diffAB = ConfigDiff.between(configA, configB);
            diffBA = ConfigDiff.between(configB, configA);
            if (diffAB.changes().size() != 1 || !diffAB.changes().get(0).path().equals(files.configs.changedPath())) {
                throw new IllegalStateException("expected one change of " + files.configs.changedPath() + ": " + diffAB.changes());
            }
        }

        private static BotsConfig load(Input files, byte[] bytes) {
            LoadResult result = files.loader.parse(files.file.toString(), bytes);
            if (!result.valid() || result.config() == null) {
                throw new IllegalStateException("benchmark file does not validate: " + result.errors());
            }
            return result.config();
        }
    }

    /** An audit database that grows with every benchmarked reload, as a real one does. */
    @State(Scope.Benchmark)
    public static class Audit {
        AuditStore audit;
        long versionA;
        long versionB;
        boolean toB = true;

        @Setup(Level.Trial)
        public void setUp(Input files) {
            audit = AuditStore.open(files.dir.resolve("audit-data"));
            versionA = audit.storeVersion(files.configs.a(), Instant.now());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            audit.close();
        }
    }

    /** Running bots on the shell chat (printing to nowhere), started from version A. */
    @State(Scope.Benchmark)
    public static class Running {
        BotRuntime runtime;
        ShellTransport transport;

        @Setup(Level.Trial)
        public void setUp(Loaded loaded) {
            transport = new ShellTransport(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8),
                    Clock.systemUTC());
            runtime = new BotRuntime(transport, Clock.systemUTC());
            runtime.apply(loaded.configA, ConfigDiff.between(runtime.active(), loaded.configA));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
            transport.close();
        }
    }

    /** The whole path: coordinator, loader, audit, runtime; the file flips before each reload. */
    @State(Scope.Benchmark)
    public static class Coordinated {
        Input files;
        AuditStore audit;
        BotRuntime runtime;
        ShellTransport transport;
        ReloadCoordinator coordinator;
        boolean toB = true;

        @Setup(Level.Trial)
        public void setUp(Input files) {
            this.files = files;
            audit = AuditStore.open(files.dir.resolve("coordinator-data"));
            transport = new ShellTransport(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8),
                    Clock.systemUTC());
            runtime = new BotRuntime(transport, Clock.systemUTC());
            coordinator = new ReloadCoordinator(files.file, files.loader, audit, runtime, Clock.systemUTC(), r -> { });
            ReloadResult first = coordinator.start();
            if (first.outcome() != Outcome.APPLIED) {
                throw new IllegalStateException("startup: " + first.problems());
            }
        }

        /** Saves the other version by rename, as an editor does; not part of the measured time. */
        @Setup(Level.Invocation)
        public void flip() throws IOException {
            Path temp = files.dir.resolve("bots.toml.tmp");
            Files.write(temp, toB ? files.b : files.a);
            Files.move(temp, files.file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            toB = !toB;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            coordinator.close();
            runtime.close();
            transport.close();
            audit.close();
        }
    }

    @Benchmark
    public ConfigLoader.FileRead read(Input files) {
        return files.loader.read(files.file);
    }

    /** The floor for parsing: read the bytes and hash them (the coordinator's unchanged-file check). */
    @Benchmark
    public byte[] readAndHash(Input files) throws NoSuchAlgorithmException {
        byte[] bytes = files.loader.read(files.file).content();
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /** Each call parses the other version of the file, as alternating reloads do. */
    @State(Scope.Benchmark)
    public static class Alternating {
        final BenchAccess.ReloadParse parser = new BenchAccess.ReloadParse();
        final TextDiff.Chain textDiff = new TextDiff.Chain();
        boolean toB = true;

        /** The next version's bytes; flips the side. */
        byte[] next(Input files) {
            byte[] bytes = toB ? files.b : files.a;
            toB = !toB;
            return bytes;
        }
    }

    /**
     * UTF-8 decoding and the parse a reload does: only the [[bots]] block that differs from the
     * previous version goes through tomlj; the other blocks' trees are remembered.
     */
    @Benchmark
    public Object parse(Input files, Alternating alternating) {
        return alternating.parser.parse(new String(alternating.next(files), StandardCharsets.UTF_8));
    }

    /** tomlj's parse of the whole file: what the first load at start-up and {@code hupbot check} pay. */
    @Benchmark
    public TomlParseResult parseWhole(Input files) {
        return Toml.parse(new String(files.a, StandardCharsets.UTF_8));
    }

    /** The tree to a checked config: defaults merged, variables resolved, every rule checked. */
    @Benchmark
    public BotsConfig validate(Input files, Loaded loaded) {
        return BenchAccess.validate(files.file.toString(), loaded.parsedA, files.configs.env());
    }

    /** Parse and validate together, as the loader does on a reload (for the throughput table). */
    @Benchmark
    public LoadResult load(Input files, Alternating alternating) {
        return files.loader.parse(files.file.toString(), alternating.next(files));
    }

    @Benchmark
    public ConfigDiff diff(Loaded loaded) {
        return ConfigDiff.between(loaded.configA, loaded.configB);
    }

    /**
     * What the coordinator writes for one applied reload: the row, the new version (stored once
     * per distinct text), the plan with its change rows and unified text diff, the outcome.
     */
    @Benchmark
    public long audit(Input files, Loaded loaded, Audit audit, Alternating alternating) {
        AuditStore store = audit.audit;
        String previousText = audit.toB ? files.configs.a() : files.configs.b();
        String text = audit.toB ? files.configs.b() : files.configs.a();
        ConfigDiff diff = audit.toB ? loaded.diffAB : loaded.diffBA;
        long previous = audit.toB ? audit.versionA : audit.versionB;
        long id = store.beginReload(Trigger.SIGHUP, Instant.now(), files.file.toString(), 0);
        long version = store.storeVersion(text, Instant.now());
        store.recordPlan(id, previous, version, diff.changes(),
                alternating.textDiff.unified(files.file.toString(), previousText, files.file.toString(), text));
        store.finishReload(id, Outcome.APPLIED, Instant.now(), 1.0, List.of(),
                diff.changes().stream().map(c -> new AppliedChange(c, true, null)).toList());
        if (audit.toB) {
            audit.versionB = version;
        } else {
            audit.versionA = version;
        }
        audit.toB = !audit.toB;
        return id;
    }

    @Benchmark
    public List<AppliedChange> apply(Loaded loaded, Running running) {
        boolean toB = running.runtime.active() == loaded.configA;
        return toB
                ? running.runtime.apply(loaded.configB, loaded.diffAB)
                : running.runtime.apply(loaded.configA, loaded.diffBA);
    }

    /** The whole reload through the coordinator's thread, as a SIGHUP makes it. */
    @Benchmark
    public ReloadResult total(Coordinated c) throws InterruptedException, ExecutionException, TimeoutException {
        ReloadResult result = c.coordinator.request(Trigger.SIGHUP).get(5, TimeUnit.MINUTES);
        if (result.outcome() != Outcome.APPLIED || result.changes().size() != 1) {
            throw new IllegalStateException("reload " + result.outcome() + " " + result.problems());
        }
        return result;
    }
}
