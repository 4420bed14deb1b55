package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.DatabaseText;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Ten thousand broken config files through the real reload path: coordinator, loader, H2 audit
 * store, bot runtime on the shell chat. Each file is a valid one with one to three edits of the
 * kinds an operator makes by accident (see {@link TextMutation}). Whatever the file, no exception
 * escapes, a file that does not validate is REJECTED with a {@code FILE:LINE:COL: error:} line and
 * leaves the running snapshot the very same object, a valid one is applied, every attempt has its
 * row, and no secret reaches a log line or a row.
 *
 * <p>One coordinator serves every try, as one process serves every SIGHUP: state carried from try
 * to try (the active version, a growing database) is part of what is tested. About 20 s of CPU.
 */
class ReloadTortureProperties {
    static final int TRIES = 10_000;
    private static final Pattern PROBLEM = Pattern.compile("^(.+):(\\d+):(\\d+): error: .+", Pattern.DOTALL);

    private final ConfigLoader loader = new ConfigLoader(TortureConfig.env());
    private @Nullable Rig rig;
    private long attempts;
    private long lastId;

    /** The real reload path in a temporary directory, shared by every try of the property. */
    record Rig(Path dir, Path config, CapturedLog log, AuditStore audit, BotRuntime runtime, ReloadCoordinator coordinator) {}

    /** A base config and the edits made to it. */
    record Mutant(TortureConfig base, List<TextMutation> mutations) {}

    @BeforeProperty
    void startTheRealReloadPath() throws IOException {
        Path dir = Files.createTempDirectory("hupbot-torture");
        Path config = dir.resolve("bots.toml");
        Files.writeString(config, new TortureConfig(4, 0.7, "Hello", 900, 0.1, true).text());
        CapturedLog log = new CapturedLog(TortureConfig.env().values());
        AuditStore audit = AuditStore.open(dir.resolve("data"));
        BotRuntime runtime = new BotRuntime(new ShellTransport(nullStream(), Clock.systemUTC()), Clock.systemUTC());
        ReloadCoordinator coordinator = new ReloadCoordinator(config, loader, audit, runtime, Clock.systemUTC(), r -> { });
        rig = new Rig(dir, config, log, audit, runtime, coordinator);
        ReloadResult startup = coordinator.start();
        assertThat(startup.outcome()).as("%s", startup.problems()).isEqualTo(Outcome.APPLIED);
        lastId = startup.reloadId();
    }

    @AfterProperty
    void everyAttemptHasItsRowAndNoSecretWasShown() throws IOException {
        Rig r = rig();
        Path data = r.dir().resolve("data");
        try {
            r.coordinator().close();
            r.runtime().close();
            assertThat(r.audit().history(Integer.MAX_VALUE)).as("reload rows: the startup and one per attempt")
                    .hasSize((int) attempts + 1);
            assertThat(DatabaseText.cellCount(data)).isGreaterThan(attempts);
            assertThat(DatabaseText.cellsContaining(data, TortureConfig.env().values(), Set.of())).isEmpty();
            assertThat(r.log().lineCount()).isGreaterThanOrEqualTo(attempts);
            assertThat(r.log().offending()).isEmpty();
        } finally {
            r.log().close();
            r.audit().close();
            deleteTree(r.dir());
        }
    }

    private Rig rig() {
        return Objects.requireNonNull(rig, "started by @BeforeProperty");
    }

    @Property(tries = TRIES)
    void whateverTheFileNothingEscapesAndOnlyAValidFileChangesTheBots(@ForAll("mutants") Mutant mutant) throws Exception {
        Rig r = rig();
        Path config = r.config();
        BotRuntime runtime = r.runtime();
        TextMutation.Mutated file = TextMutation.apply(mutant.base().text(), mutant.mutations());
        Files.write(config, file.bytes());
        BotsConfig before = runtime.active();

        ReloadResult result = r.coordinator().request(Trigger.SIGHUP).get(60, TimeUnit.SECONDS);
        attempts++;

        Statistics.collect(result.outcome(), file.mustBeInvalid() ? "always invalid edit" : "edit that may be valid");
        assertThat(result.reloadId()).as("one new row per attempt").isEqualTo(lastId + 1);
        lastId = result.reloadId();
        ReloadDetail row = r.audit().reload(result.reloadId()).orElseThrow();
        assertThat(row.summary().outcome()).isEqualTo(result.outcome());
        assertThat(row.problems()).isEqualTo(result.problems());

        if (file.mustBeInvalid()) {
            assertThat(result.outcome()).as("a file with one %s edit", file.applied()).isEqualTo(Outcome.REJECTED);
        }
        if (result.outcome() == Outcome.REJECTED) {
            assertThat(runtime.active()).isSameAs(before);
            // Every reason is the loader's, located in the file: not an internal error, not the audit
            // store failing, which would also be REJECTED but for a reason that is not the file's.
            int lines = lineCount(file.bytes());
            assertThat(result.problems()).isNotEmpty().allSatisfy(p -> {
                Matcher m = PROBLEM.matcher(p);
                assertThat(m.matches()).as("FILE:LINE:COL: error: form: %s", p).isTrue();
                assertThat(m.group(1)).isEqualTo(config.toString());
                assertThat(Integer.parseInt(m.group(2))).as("line of %s", p).isBetween(0, lines);
            });
            if (file.mustBeInvalid()) {
                assertThat(result.problems()).as("located at a line").anyMatch(p -> !p.startsWith(config + ":0:"));
            }
        } else {
            // The loader alone decides what is valid; the reload applied exactly what it loads.
            LoadResult loaded = loader.parse(config.toString(), file.bytes());
            assertThat(loaded.valid()).as("reload %s of a file the loader rejects: %s", result.outcome(), loaded.errors()).isTrue();
            assertThat(result.outcome()).as("%s", result.problems()).isIn(Outcome.APPLIED, Outcome.UNCHANGED);
            assertThat(runtime.active()).isEqualTo(loaded.config());
        }
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        Arbitrary<TortureConfig> bases = Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 20).map(t -> t / 10.0),
                Arbitraries.of("Hello", "Howdy", "Welcome", "Hi there"),
                Arbitraries.integers().between(60, 3600),
                Arbitraries.integers().between(0, 100).map(c -> c / 100.0),
                Arbitraries.of(true, false))
                .as(TortureConfig::new);
        Arbitrary<TextMutation> mutation = Combinators.combine(
                Arbitraries.of(TextMutation.Kind.class),
                Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 1_000))
                .as(TextMutation::new);
        @SuppressWarnings("unchecked")
        Arbitrary<List<TextMutation>> edits = Arbitraries.frequencyOf(
                Tuple.of(7, mutation.list().ofSize(1)),
                Tuple.of(3, mutation.list().ofMinSize(2).ofMaxSize(3)));
        return Combinators.combine(bases, edits).as(Mutant::new).withoutEdgeCases();
    }

    /** Lines a problem may name: one past the last newline counts (an unterminated last line). */
    private static int lineCount(byte[] bytes) {
        int lines = 1;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
