package dev.hupbot.bench;

import dev.hupbot.bench.Section.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * The project's benchmark: {@code ./bench/run [PART...] [--quick] [--jfr]}, parts {@code stages e2e
 * restart storm memory} (default: all); {@code --jfr} records each stage benchmark's fork with
 * Java Flight Recorder into {@code target/bench/jfr}, to see what a stage spends its time on. Each part writes its section to {@code
 * target/bench/results}; {@code docs/PERFORMANCE.md} is then put together from every section
 * there, so one part can be measured again without the others.
 */
public final class Bench {
    static final List<String> PARTS = List.of("stages", "e2e", "restart", "storm", "memory", "startup");
    static final List<String> SIZES = List.of("1", "10", "100", "1000", "1000-lean", "10000-lean");
    static final List<String> STAGES = List.of("read", "parse", "validate", "diff", "audit", "apply", "total");
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static final List<String> FLAGS = List.of("--quick", "--jfr");

    private final boolean quick;
    private final boolean jfr;
    private final Path results;
    private final Path work;

    private Bench(boolean quick, boolean jfr, Path results, Path work) {
        this.quick = quick;
        this.jfr = jfr;
        this.results = results;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean jfr = List.of(args).contains("--jfr");
        for (String flag : Stream.of(args).filter(a -> a.startsWith("--")).toList()) {
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag + "; options: " + FLAGS);
            }
        }
        List<String> parts = Stream.of(args).filter(a -> !a.startsWith("--")).toList();
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part " + part + "; parts: " + PARTS);
            }
        }
        Path results = Path.of("target", "bench", "results");
        Files.createDirectories(results);
        Path work = Files.createTempDirectory("hupbot-bench");
        Bench bench = new Bench(quick, jfr, results, work);
        try {
            for (String part : parts.isEmpty() ? PARTS : parts) {
                String started = Machine.loadAverage();
                long t0 = System.nanoTime();
                System.out.println("== " + part + (quick ? " (quick)" : ""));
                Section section = bench.run(part);
                String footer = String.format(Locale.ROOT, "%n_Measured %s in %.0f s%s; load average before %s, after %s._%n",
                        WHEN.format(Instant.now()), (System.nanoTime() - t0) / 1e9,
                        (quick ? " in --quick mode (not for the record)" : "") + (jfr && part.equals("stages") ? " with JFR recording" : ""),
                        started, Machine.loadAverage());
                bench.save(part, section.markdown() + footer, section.verdicts());
            }
        } finally {
            deleteTree(work);
        }
        Path doc = Path.of("docs", "PERFORMANCE.md");
        Files.writeString(doc, bench.document(), StandardCharsets.UTF_8);
        System.out.println("wrote " + doc);
    }

    private Section run(String part) throws Exception {
        ProcessBenchmarks process = new ProcessBenchmarks(work);
        return switch (part) {
            case "stages" -> stages();
            case "e2e" -> Sections.endToEnd(List.of(
                    process.signalToApplied(100, quick ? 10 : 50, quick ? 20 : 200),
                    process.signalToApplied(1000, quick ? 10 : 50, quick ? 20 : 200)));
            case "restart" -> Sections.reloadVsRestart(process.reloadVsRestart(quick ? 2 : 5));
            case "storm" -> Sections.chatStorm(process.chatUnderReloadStorm(100, quick ? 5 : 30), 100);
            case "memory" -> Sections.memory(process.memory(quick ? 50 : 1000));
            case "startup" -> Sections.startup(new Startup(Path.of(System.getProperty("hupbot.jar")), work)
                    .measure(quick ? 3 : 21));
            default -> throw new IllegalArgumentException(part);
        };
    }

    private Section stages() throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ReloadStages.class.getName() + "\\.")
                .jvmArgsAppend("-DHUPBOT_LOG_LEVEL=WARN")
                .addProfiler(CpuTimeProfiler.class);
        if (jfr) {
            options.addProfiler(JavaFlightRecorderProfiler.class, "dir=" + Path.of("target", "bench", "jfr").toAbsolutePath());
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1))
                    .param("size", "10", "1000");
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        Map<String, Map<String, Statistics>> bySize = new LinkedHashMap<>();
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        for (RunResult run : runs) {
            String size = run.getParams().getParam("size");
            String benchmark = run.getParams().getBenchmark();
            String stage = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            bySize.computeIfAbsent(size, s -> new LinkedHashMap<>()).put(stage, run.getPrimaryResult().getStatistics());
            org.openjdk.jmh.results.Result<?> cpuTime = run.getSecondaryResults().get("cpu");
            if (cpuTime != null) {
                cpu.computeIfAbsent(size, s -> new LinkedHashMap<>()).put(stage, cpuTime.getScore());
            }
        }
        Map<String, Long> fileBytes = new LinkedHashMap<>();
        for (String size : bySize.keySet()) {
            fileBytes.put(size, (long) BenchConfigs.of(size).a().getBytes(StandardCharsets.UTF_8).length);
        }
        return Sections.stages(bySize, cpu, fileBytes);
    }

    private void save(String part, String markdown, List<Verdict> verdicts) throws IOException {
        Files.writeString(results.resolve(part + ".md"), markdown, StandardCharsets.UTF_8);
        List<String> rows = verdicts.stream().map(Verdict::row).toList();
        Files.write(results.resolve(part + ".verdicts"), rows, StandardCharsets.UTF_8);
    }

    private String document() throws IOException {
        StringBuilder doc = new StringBuilder();
        doc.append("""
                # Performance

                Measured by the project's benchmark, `./bench/run` (all parts, about 30 minutes on 2 cores; `./bench/run stages`,
                `e2e`, `restart`, `storm` or `memory` for one; `--quick` for a smoke run whose numbers are not for the
                record). It builds the jar and the JMH benchmarks into `target/bench` (profile `bench`, so the normal
                build never sees JMH), runs them, and rewrites this file from the sections in `target/bench/results`.
                The design's budget (DESIGN.md, "Performance budget") is checked in the first table; the
                in-process numbers are JMH sample times of single reloads, the end-to-end ones come from the reload
                rows of a real process started with the Docker image's JVM options.

                """);
        doc.append(Machine.describe()).append('\n');
        doc.append("## The budget\n\n| target | measured | |\n|---|---|---|\n");
        for (String part : PARTS) {
            Path verdicts = results.resolve(part + ".verdicts");
            if (Files.exists(verdicts)) {
                Files.readAllLines(verdicts, StandardCharsets.UTF_8).forEach(row -> doc.append(row).append('\n'));
            }
        }
        doc.append('\n');
        for (String part : PARTS) {
            Path section = results.resolve(part + ".md");
            if (Files.exists(section)) {
                doc.append(Files.readString(section, StandardCharsets.UTF_8)).append('\n');
            } else {
                doc.append("## ").append(part).append("\n\nNot measured yet: `./bench/run ").append(part).append("`.\n\n");
            }
        }
        Path notes = Path.of("bench", "NOTES.md");
        if (Files.exists(notes)) {
            doc.append(Files.readString(notes, StandardCharsets.UTF_8));
        }
        return doc.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
