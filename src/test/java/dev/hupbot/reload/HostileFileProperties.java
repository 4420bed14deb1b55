package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.cli.Main;
import dev.hupbot.config.ConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
 * Hostile files, not clumsy ones (those are {@link ReloadTortureProperties}'): random nesting of
 * brackets, quotes, comments and escapes up to thousands deep, random bytes, random TOML
 * fragments, and long values after secret-named keys, each spliced into a valid file or standing alone. Each goes through {@code hupbot
 * check} and through the reload path (coordinator, loader, H2 audit, runtime). Whatever the file:
 * no exception escapes (no stack trace, exit 0 or 2), and a file that does not validate is
 * REJECTED by both with an error that names a line and a column (both at least 1; a problem
 * of the whole file, such as no enabled bot, is at 1:1), never left IN_PROGRESS. About 15 s of CPU.
 */
class HostileFileProperties {
    static final int TRIES = 200;
    private static final Pattern PROBLEM = Pattern.compile("^(.+?):(\\d+):(\\d+): error: .+", Pattern.DOTALL);

    private final ConfigLoader loader = new ConfigLoader(TortureConfig.env());
    private @Nullable Rig rig;

    record Rig(Path dir, Path config, AuditStore audit, BotRuntime runtime, ReloadCoordinator coordinator) {}

    /** A file: {@code junk} spliced into the valid base at {@code at} (a fraction of its length), or alone. */
    record Hostile(String kind, byte[] junk, double at, boolean alone) {
        byte[] bytes() {
            if (alone) {
                return junk;
            }
            byte[] base = new TortureConfig(2, 0.7, "Hello", 900, 0.1, true).text().getBytes(StandardCharsets.UTF_8);
            int cut = (int) (base.length * at);
            byte[] file = new byte[base.length + junk.length];
            System.arraycopy(base, 0, file, 0, cut);
            System.arraycopy(junk, 0, file, cut, junk.length);
            System.arraycopy(base, cut, file, cut + junk.length, base.length - cut);
            return file;
        }

        @Override
        public String toString() {
            String shown = new String(junk, StandardCharsets.UTF_8);
            return kind + (alone ? " alone" : " at " + at) + ": " + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown);
        }
    }

    @BeforeProperty
    void startTheRealReloadPath() throws IOException {
        Path dir = Files.createTempDirectory("hupbot-hostile");
        Path config = dir.resolve("bots.toml");
        Files.writeString(config, new TortureConfig(2, 0.7, "Hello", 900, 0.1, true).text());
        AuditStore audit = AuditStore.open(dir.resolve("data"));
        BotRuntime runtime = new BotRuntime(new ShellTransport(new PrintStream(OutputStream.nullOutputStream(), false,
                StandardCharsets.UTF_8), Clock.systemUTC()), Clock.systemUTC());
        ReloadCoordinator coordinator = new ReloadCoordinator(config, loader, audit, runtime, Clock.systemUTC(), r -> { });
        rig = new Rig(dir, config, audit, runtime, coordinator);
        assertThat(coordinator.start().outcome()).isEqualTo(Outcome.APPLIED);
    }

    @AfterProperty
    void noRowIsLeftInProgress() throws IOException {
        Rig r = Objects.requireNonNull(rig);
        try {
            assertThat(r.audit().history(Integer.MAX_VALUE)).extracting(ReloadSummary::outcome).doesNotContain(Outcome.IN_PROGRESS);
        } finally {
            r.coordinator().close();
            r.runtime().close();
            r.audit().close();
            try (Stream<Path> paths = Files.walk(r.dir())) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(tries = TRIES)
    void noExceptionEscapesAndEveryInvalidFileIsRejectedWithAPosition(@ForAll("hostile") Hostile hostile) throws Exception {
        Rig r = Objects.requireNonNull(rig);
        byte[] bytes = hostile.bytes();
        Files.write(r.config(), bytes);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(TortureConfig::env)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("check", r.config().toString());
        assertThat(err.toString()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(exit).as("check's exit, stderr: %s", err).isIn(0, 2);

        ReloadResult result = r.coordinator().request(Trigger.SIGHUP).get(60, TimeUnit.SECONDS);
        Statistics.collect(hostile.kind(), result.outcome());
        assertThat(r.audit().reload(result.reloadId()).orElseThrow().summary().outcome()).isEqualTo(result.outcome());
        if (exit == 2) {
            assertThat(result.outcome()).as("%s", result.problems()).isEqualTo(Outcome.REJECTED);
            List<String> errorLines = err.toString().lines().filter(l -> l.contains(": error: ")).toList();
            assertThat(errorLines).as("check names where").anySatisfy(this::locatedAtLineAndColumn);
            assertThat(result.problems()).as("the reload names where").anySatisfy(this::locatedAtLineAndColumn);
            assertThat(result.problems()).noneMatch(p -> p.startsWith("internal error"));
        } else {
            assertThat(result.outcome()).as("%s", result.problems()).isIn(Outcome.APPLIED, Outcome.UNCHANGED);
        }
    }

    private void locatedAtLineAndColumn(String problem) {
        Matcher m = PROBLEM.matcher(problem);
        assertThat(m.matches()).as("FILE:LINE:COL: error: form: %s", problem).isTrue();
        assertThat(Integer.parseInt(m.group(2))).as("line of %s", problem).isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(m.group(3))).as("column of %s", problem).isGreaterThanOrEqualTo(1);
    }

    @Provide
    @SuppressWarnings("unchecked")
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> token = Arbitraries.of("[", "[", "[", "{", "{", "]", "}", "\"", "'", "\"\"\"", "'''", "#", "\n",
                "=", ",", "a", "1", "\\", "\u0001", "\r", " ", "x = ", "[[bots]]\n", "\\\"");
        Arbitrary<Tuple.Tuple2<String, byte[]>> nesting = token.list().ofMinSize(1).ofMaxSize(3000)
                .map(l -> Tuple.of("nesting", String.join("", l).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Tuple.Tuple2<String, byte[]>> deep = Combinators.combine(
                        Arbitraries.of("[", "{a = ", "[{x = ", "{b = [", "[\"]\", "),
                        Arbitraries.integers().between(60, 4000),
                        Arbitraries.of("", "x = ", "\n", "extra = "))
                .as((open, n, before) -> Tuple.of("deep", (before + open.repeat(n)).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Tuple.Tuple2<String, byte[]>> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000)
                .map(b -> Tuple.of("bytes", b));
        Arbitrary<String> fragment = Arbitraries.of("[[bots]]\n", "[defaults]\n", "[bots.ai]\n", "name = \"x\"\n",
                "temperature = 9.9\n", "channels = [\"a\", [\"b\"]]\n", "key = {a = {b = {c = 1}}}\n", "\"\"\"\n", "'''\n",
                "x = \"\"\"[[[\n", "= 1\n", "a.b.c = 2\n", "[a.b.c]\n", "y = 1979-05-27T07:32:00Z\n", "z = 0x1F\n",
                "w = inf\n", "enabled = false\n", "# comment [[[[\n", "\u00e9 = 1\n", "token = \"${NOPE}\"\n", "\ufeff");
        Arbitrary<Tuple.Tuple2<String, byte[]>> fragments = fragment.list().ofMinSize(1).ofMaxSize(40)
                .map(l -> Tuple.of("fragments", String.join("", l).getBytes(StandardCharsets.UTF_8)));
        // Long values after secret-named keys: the rejected text is redacted before it is stored, and
        // a regex there once recursed per character of a quoted value until the stack overflowed.
        Arbitrary<Tuple.Tuple2<String, byte[]>> longSecret = Combinators.combine(
                        Arbitraries.of("token = ", "api_key = ", "PASSWORD=", "ai = { api_key = "),
                        Arbitraries.of("\"", "'", "\"\"\"", "'''", ""),
                        Arbitraries.of("a", "\\\"", "${A}", "\\\\", "sk-", ". "),
                        Arbitraries.integers().between(1000, 200_000))
                .as((key, quote, unit, n) -> Tuple.of("long secret", (key + quote + unit.repeat(n)).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Tuple.Tuple2<String, byte[]>> junk = Arbitraries.frequencyOf(
                Tuple.of(3, nesting), Tuple.of(2, deep), Tuple.of(2, bytes), Tuple.of(3, fragments), Tuple.of(1, longSecret));
        return Combinators.combine(junk, Arbitraries.doubles().between(0, 1), Arbitraries.of(false, false, false, true))
                .as((j, at, alone) -> new Hostile(j.get1(), j.get2(), at, alone))
                .withoutEdgeCases();
    }
}
