package dev.hupbot.bench;

import dev.hupbot.bench.ProcessBenchmarks.ChatLoad;
import dev.hupbot.bench.ProcessBenchmarks.EndToEnd;
import dev.hupbot.bench.ProcessBenchmarks.HeapPoint;
import dev.hupbot.bench.ProcessBenchmarks.Memory;
import dev.hupbot.bench.ProcessBenchmarks.ReloadVsRestart;
import dev.hupbot.bench.Section.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.util.Statistics;

/** Each part's numbers as markdown tables, and the budget lines they check. */
final class Sections {
    private Sections() {}

    private static String kb(long bytes) {
        return Stats.number(bytes / 1024.0, bytes < 10 * 1024 ? 1 : 0) + " KB";
    }

    private static String p50p99(Statistics s) {
        return Stats.ms(s.getPercentile(50)) + " / " + Stats.ms(s.getPercentile(99));
    }

    private static String bots(String size) {
        boolean lean = size.endsWith("-lean");
        String count = lean ? size.substring(0, size.length() - 5) : size;
        return Stats.number(Double.parseDouble(count), 0) + (lean ? " lean" : "");
    }

    static Section stages(Map<String, Map<String, Statistics>> bySize, Map<String, Map<String, Double>> cpu,
            Map<String, Long> fileBytes) {
        StringBuilder md = new StringBuilder("""
                ## 1. One reload in-process, stage by stage (JMH)

                `ReloadStages`: each stage run on its own with the real classes, then the whole reload through
                the coordinator (a request, its worker thread, the audit database in a temporary directory, bots
                on the shell chat writing to nowhere). Each reload changes one field of the bot in the middle of
                the file, alternating between two versions. JMH sample time, one sample per call, 1 fork,
                3 × 2 s warm-up, 5 × 2 s measurement; the forks run with the image's JVM options and log at WARN
                (the real process's log lines are in part 2). Milliseconds, p50 / p99.
                *Realistic* bots are BigConfig's (prompt, command, timer, two channels, one in four a moderator);
                *lean* bots are a name, a token and one number, because 10,000 realistic bots (4.7 MB) are over
                the loader's 1 MiB limit.

                | bots | file | read | parse | validate | diff | audit | apply | **total** | samples of total |
                |---|---|---|---|---|---|---|---|---|---|
                """);
        for (String size : Bench.SIZES) {
            Map<String, Statistics> stages = bySize.get(size);
            if (stages == null) {
                continue;
            }
            md.append("| ").append(bots(size)).append(" | ").append(kb(fileBytes.get(size)));
            for (String stage : Bench.STAGES) {
                Statistics s = stages.get(stage);
                String cell = s == null ? "n/a" : p50p99(s);
                md.append(" | ").append(stage.equals("total") ? "**" + cell + "**" : cell);
            }
            Statistics total = stages.get("total");
            md.append(" | ").append(total == null ? "n/a" : Long.toString(total.getN())).append(" |\n");
        }
        md.append("""

                *parse* is a reload's: the loader remembers the previous version's [[bots]] blocks and hands
                tomlj only the block that changed (the whole file through tomlj is in the throughput table
                below: that is what the first load and `hupbot check` pay). The stages add up to less than
                the total: the total also hashes the file, and hands the request to the worker thread; the
                unified text diff the coordinator computes is counted in *audit* here.

                CPU time per call of the whole benchmark JVM (every thread: the reload's, the garbage
                collector's, the JIT compiler's), mean over the measurement, milliseconds. On a machine that
                runs other work, wall time above includes waiting for a core; this is the work itself.

                | bots | read | parse | validate | diff | audit | apply | **total** |
                |---|---|---|---|---|---|---|---|
                """);
        for (String size : Bench.SIZES) {
            Map<String, Double> stages = cpu.get(size);
            if (stages == null) {
                continue;
            }
            md.append("| ").append(bots(size));
            for (String stage : Bench.STAGES) {
                Double c = stages.get(stage);
                String cell = c == null ? "n/a" : Stats.ms(c);
                md.append(" | ").append(stage.equals("total") ? "**" + cell + "**" : cell);
            }
            md.append(" |\n");
        }
        md.append("""

                ### Cost against file size

                | bots | file | total p50 | per 100 KB | total CPU | CPU per 100 KB |
                |---|---|---|---|---|---|
                """);
        for (String size : Bench.SIZES) {
            Statistics total = bySize.getOrDefault(size, Map.of()).get("total");
            if (total != null) {
                long bytes = fileBytes.get(size);
                Double totalCpu = cpu.getOrDefault(size, Map.of()).get("total");
                md.append("| ").append(bots(size)).append(" | ").append(kb(bytes)).append(" | ")
                        .append(Stats.ms(total.getPercentile(50))).append(" ms | ")
                        .append(Stats.ms(total.getPercentile(50) / (bytes / 102400.0))).append(" ms | ")
                        .append(totalCpu == null ? "n/a" : Stats.ms(totalCpu) + " ms").append(" | ")
                        .append(totalCpu == null ? "n/a" : Stats.ms(totalCpu / (bytes / 102400.0)) + " ms").append(" |\n");
            }
        }
        md.append("""

                ### Parse throughput

                Mean time per call turned into MB/s (10^6 bytes of the file). Reading the file and hashing it
                (the coordinator's unchanged-file check) is the floor. tomlj parsing the whole file is what the
                first load at start-up and `hupbot check` pay; a reload hands tomlj only the [[bots]] blocks
                that differ from the previous version (here: one), so its figure is the file's size over the
                time taken, not tomlj's speed.

                | bots | file | read + SHA-256 | whole file (tomlj) | reload: parse | reload: parse + validate (loader) |
                |---|---|---|---|---|---|
                """);
        for (String size : Bench.SIZES) {
            Map<String, Statistics> stages = bySize.get(size);
            if (stages == null || fileBytes.get(size) < 10_000) {
                continue;
            }
            long bytes = fileBytes.get(size);
            md.append("| ").append(bots(size)).append(" | ").append(kb(bytes)).append(" | ")
                    .append(mbps(bytes, stages.get("readAndHash"))).append(" | ")
                    .append(mbps(bytes, stages.get("parseWhole"))).append(" | ")
                    .append(mbps(bytes, stages.get("parse"))).append(" | ")
                    .append(mbps(bytes, stages.get("load"))).append(" |\n");
        }

        List<Verdict> verdicts = new ArrayList<>();
        budget(verdicts, bySize, "100", 50, "a 100-bot file, one field changed: p99 under 50 ms (in-process)");
        budget(verdicts, bySize, "1000", 250, "a 1,000-bot file: p99 under 250 ms (in-process)");
        double small = cpuExponent(cpu, fileBytes, "100", "1000");
        double large = cpuExponent(cpu, fileBytes, "1000-lean", "10000-lean");
        double worst = Math.max(small, large);
        if (!Double.isNaN(worst)) {
            verdicts.add(new Verdict("cost grows about linearly with the file",
                    String.format(Locale.ROOT, "CPU per reload ∝ size^%.2f (100 → 1,000 bots), size^%.2f (1,000 → 10,000 lean);"
                            + " 1.0 is linear; wall p50: size^%.2f, size^%.2f", small, large,
                            exponent(bySize, fileBytes, "100", "1000"), exponent(bySize, fileBytes, "1000-lean", "10000-lean")),
                    worst <= 1.2));
        }
        return new Section("stages", md.toString(), verdicts);
    }

    private static void budget(List<Verdict> verdicts, Map<String, Map<String, Statistics>> bySize, String size,
            double targetMs, String target) {
        Statistics total = bySize.getOrDefault(size, Map.of()).get("total");
        if (total == null) {
            return;
        }
        double p99 = total.getPercentile(99);
        String measured = "p99 " + Stats.ms(p99) + " ms (p50 " + Stats.ms(total.getPercentile(50)) + " ms)"
                + (p99 <= targetMs ? "" : String.format(Locale.ROOT, ", over by %.0f%%", (p99 / targetMs - 1) * 100));
        verdicts.add(new Verdict(target, measured, p99 <= targetMs));
    }

    /** How total time scales with file size between two sizes: time ~ size^k, k printed. */
    private static double exponent(Map<String, Map<String, Statistics>> bySize, Map<String, Long> bytes, String small, String big) {
        Statistics a = bySize.getOrDefault(small, Map.of()).get("total");
        Statistics b = bySize.getOrDefault(big, Map.of()).get("total");
        if (a == null || b == null) {
            return Double.NaN;
        }
        return Math.log(b.getPercentile(50) / a.getPercentile(50)) / Math.log((double) bytes.get(big) / bytes.get(small));
    }

    private static double cpuExponent(Map<String, Map<String, Double>> cpu, Map<String, Long> bytes, String small, String big) {
        Double a = cpu.getOrDefault(small, Map.of()).get("total");
        Double b = cpu.getOrDefault(big, Map.of()).get("total");
        if (a == null || b == null) {
            return Double.NaN;
        }
        return Math.log(b / a) / Math.log((double) bytes.get(big) / bytes.get(small));
    }

    private static String mbps(long bytes, Statistics s) {
        return s == null ? "n/a" : Stats.number(bytes / 1e6 / (s.getMean() / 1000.0), 1) + " MB/s";
    }

    static Section endToEnd(List<EndToEnd> runs) {
        StringBuilder md = new StringBuilder("""
                ## 2. End to end in the real process: SIGHUP to applied

                The packaged jar, `run --chat shell`, started with the image's JVM options
                (`-XX:MaxRAMPercentage=60 -XX:+UseSerialGC -Xss512k`), every bot connected to the shell chat.
                One SIGHUP at a time, each after the previous reload's log line; the first 50 are warm-up (the
                JIT compiles the parser meanwhile: *first 10* shows what the first reloads after a start cost).
                *Signal to applied* is `finished_at - requested_at` of each reload row: from the signal handler
                to the outcome written (parsed, validated, diffed, audited, applied, logged). *duration_ms* is the
                coordinator's own measure of the same reload; *seen by the sender* adds the file save, the
                signal and reading the log line through a pipe. *CPU* is the process's CPU time (all threads)
                over the measured reloads, divided by their number. *Start-up* is the start-up row's
                duration_ms (the first load, where every block is new to the parser, and every bot started)
                and the time from launching the JVM to its `hupbot running` line. Milliseconds.

                | bots | file | reloads | signal to applied p50 | p99 | max | duration_ms p50 / p99 | seen by the sender p50 / p99 | CPU per reload | first 10 after start p50 / max | start-up: load / to running |
                |---|---|---|---|---|---|---|---|---|---|---|
                """);
        List<Verdict> verdicts = new ArrayList<>();
        for (EndToEnd run : runs) {
            md.append("| ").append(Stats.number(run.bots(), 0)).append(" | ").append(kb(run.fileBytes())).append(" | ")
                    .append(run.reloads()).append(" | ").append(Stats.ms(run.signalToApplied().median())).append(" | ")
                    .append(Stats.ms(run.signalToApplied().percentile(99))).append(" | ")
                    .append(Stats.ms(run.signalToApplied().max())).append(" | ")
                    .append(Stats.ms(run.duration().median())).append(" / ").append(Stats.ms(run.duration().percentile(99))).append(" | ")
                    .append(Stats.ms(run.wholeRun().median())).append(" / ").append(Stats.ms(run.wholeRun().percentile(99))).append(" | ")
                    .append(Stats.ms(run.cpuMsPerReload())).append(" | ")
                    .append(Stats.ms(run.firstTen().median())).append(" / ").append(Stats.ms(run.firstTen().max())).append(" | ")
                    .append(Stats.ms(run.startupMs())).append(" / ").append(Stats.ms(run.runningMs())).append(" |\n");
            double target = run.bots() <= 100 ? 50 : 250;
            double p99 = run.signalToApplied().percentile(99);
            verdicts.add(new Verdict(String.format(Locale.ROOT, "%,d bots, signal to applied and audited: p99 under %.0f ms (real process)",
                    run.bots(), target),
                    "p99 " + Stats.ms(p99) + " ms (p50 " + Stats.ms(run.signalToApplied().median()) + " ms, " + run.reloads() + " reloads)"
                            + (p99 <= target ? "" : String.format(Locale.ROOT, ", over by %.0f%%", (p99 / target - 1) * 100)),
                    p99 <= target));
        }
        return new Section("e2e", md.toString(), verdicts);
    }

    static Section reloadVsRestart(ReloadVsRestart r) {
        double ratio = r.restart().millis().median() / r.reload().millis().median();
        String md = String.format(Locale.ROOT, """
                ## 3. Reload against restart (fake Twitch server)

                Four bots on the Twitch transport against the fake Twitch server on 127.0.0.1 (the same one the
                integration tests use), image JVM options. A change of one command's response, made either by
                SIGHUP or by SIGTERM and a fresh start; a viewer sends `!ping` every 20 ms, and the time runs
                from the signal until a bot answers with the new response. Connections are the chat connections
                the server saw opened meanwhile. %d rounds of each.

                | | median | max | chat connections opened (median / max) |
                |---|---|---|---|
                | SIGHUP reload | %s ms | %s ms | %s / %s |
                | full restart | %s ms | %s ms | %s / %s |

                A restart takes **%.0f×** as long as a reload to answer with the new setting, and reconnects every
                bot (they leave and rejoin the channel: the intro messages repeat, chat sees them go).
                """, r.rounds(),
                Stats.ms(r.reload().millis().median()), Stats.ms(r.reload().millis().max()),
                Stats.number(r.reload().connectionsOpened().median(), 0), Stats.number(r.reload().connectionsOpened().max(), 0),
                Stats.ms(r.restart().millis().median()), Stats.ms(r.restart().millis().max()),
                Stats.number(r.restart().connectionsOpened().median(), 0), Stats.number(r.restart().connectionsOpened().max(), 0),
                ratio);
        return new Section("restart", md, List.of(new Verdict("zero reconnects for a change that is not token/enabled/bots",
                "reload opened " + Stats.number(r.reload().connectionsOpened().max(), 0) + " connections (restart: "
                        + Stats.number(r.restart().connectionsOpened().median(), 0) + "); reload "
                        + String.format(Locale.ROOT, "%.0f", ratio) + "× faster to the new answer",
                r.reload().connectionsOpened().max() == 0)));
    }

    static Section chatStorm(List<ChatLoad> phases, int rate) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                ## 4. Chat under a reload storm

                Four bots on the fake Twitch server each answer `!ping N`; a viewer sends %d commands a second
                (%d answers a second in all) for the time below, first with no reloads, then while the file
                changes (a HOT field of one bot) and a SIGHUP goes out every 100 ms. Each answer is matched to
                its command: *lost* is an answer that never came (30 s grace), *duplicated* one that came twice.
                Latency is from the viewer's line leaving the server to the bot's answer arriving, milliseconds.

                | | commands | seconds | commands/s handled | reloads applied | lost | duplicated | latency p50 | p99 | max |
                |---|---|---|---|---|---|---|---|---|---|
                """, rate, rate * ProcessBenchmarks.CREW.size()));
        List<Verdict> verdicts = new ArrayList<>();
        ChatLoad quiet = null;
        for (ChatLoad p : phases) {
            md.append("| ").append(p.phase()).append(" | ").append(p.commands()).append(" | ")
                    .append(Stats.number(p.seconds(), 1)).append(" | ").append(Stats.number(p.commandsPerSecond(), 1)).append(" | ")
                    .append(p.reloads()).append(" | ").append(p.lost()).append(" | ").append(p.duplicated()).append(" | ")
                    .append(Stats.ms(p.latency().median())).append(" | ").append(Stats.ms(p.latency().percentile(99))).append(" | ")
                    .append(Stats.ms(p.latency().max())).append(" |\n");
            if (p.reloads() == 0) {
                quiet = p;
            } else {
                String vsQuiet = quiet == null ? "" : String.format(Locale.ROOT, "; p99 latency %s ms against %s ms with no reloads",
                        Stats.ms(p.latency().percentile(99)), Stats.ms(quiet.latency().percentile(99)));
                verdicts.add(new Verdict("zero chat messages lost or answered twice while reloads run",
                        p.lost() + " lost, " + p.duplicated() + " duplicated of " + p.commands() * ProcessBenchmarks.CREW.size()
                                + " answers during " + p.reloads() + " reloads" + vsQuiet,
                        p.lost() == 0 && p.duplicated() == 0));
            }
        }
        return new Section("storm", md.toString(), verdicts);
    }

    static Section memory(Memory m) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                ## 5. Memory

                The real process (image JVM options, shell chat) with a %,d-bot file (all bots running), reloaded
                again and again, one field changed each time. Live heap is the used heap right after a full GC
                (`jcmd PID GC.run`, then `GC.heap_info`).

                | after reloads | live heap |
                |---|---|
                """, m.bots()));
        for (HeapPoint p : m.heap()) {
            md.append("| ").append(Stats.number(p.reloads(), 0)).append(" | ").append(Stats.number(p.liveHeapKb() / 1024.0, 1)).append(" MB |\n");
        }
        HeapPoint first = m.heap().get(0);
        HeapPoint last = m.heap().get(m.heap().size() - 1);
        double growth = (double) last.liveHeapKb() / first.liveHeapKb() - 1;
        md.append(String.format(Locale.ROOT, """

                Resident size (VmRSS of /proc/PID/status): %.1f MB with %,d bots after %,d reloads; **%.1f MB with
                10 bots** (live heap %.1f MB) after 20 reloads.
                """, m.rssKbThousandBots() / 1024.0, m.bots(), last.reloads(), m.rssKbTenBots() / 1024.0, m.heapKbTenBots() / 1024.0));
        // Noise: a full GC leaves a few hundred KB of caches and buffers that come and go.
        boolean flat = growth < 0.10;
        return new Section("memory", md.toString(), List.of(new Verdict(
                "no heap growth over " + Stats.number(last.reloads(), 0) + " reloads of a 1,000-bot file (beyond noise, 10%)",
                String.format(Locale.ROOT, "%.1f MB after the first, %.1f MB after %,d (%+.1f%%); RSS with 10 bots %.0f MB",
                        first.liveHeapKb() / 1024.0, last.liveHeapKb() / 1024.0, last.reloads(), growth * 100, m.rssKbTenBots() / 1024.0),
                flat)));
    }

    static Section startup(Startup.Result r) {
        double bare = r.javaVersion().median();
        StringBuilder md = new StringBuilder("""
                ## 6. One-shot commands: start-up against a bare `java -version`

                `Startup`: wall time from start to exit of each command, median of the rounds, run side by side
                with `java -version` (each round runs every command once). `check` and `diff` read the example
                crew (`config/bots.toml`, with `config/.env.example` as its env file), `history` a real database,
                `status` and `reload` find no running process (their start-up is what is measured). *Before*:
                the launcher's JVM flags (`-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
                -XX:CompileThresholdScaling=3 -XX:+UseSerialGC -XX:-UsePerfData`) alone; *after*: with the
                class-data archives that the package phase (`src/main/cds/cds-archive`) and the image build
                (`-XX:SharedArchiveFile`: `hupbot-check.jsa`, `hupbot-diff.jsa`, and `hupbot-cli.jsa` for the
                others). Milliseconds.

                What makes up a `check` here, and what was done about each part: the JVM to `main` (about 40 ms,
                of which about 20 ms relocating the archive, which the JVM maps at a random address: hence one
                archive per command group, as the cost grows with size); picocli building the command (only the
                subcommand that runs is built; its annotation proxies, which no archive can hold on Java 17, are
                read on a second thread); the first load of a bots file, which is mostly first-use cost (tomlj's
                ANTLR tables, every validation path interpreted once: a second load in the same process takes a
                quarter of the time), warmed on that second thread with a built-in sample while picocli runs
                (`config.WarmUp`).

                | command | before | after | after ÷ `java -version` |
                |---|---|---|---|
                """);
        md.append("| `java -version` | ").append(Stats.ms(bare)).append(" | ").append(Stats.ms(bare)).append(" | 1.0 |\n");
        r.after().forEach((name, after) -> md.append("| `").append(name).append("` | ")
                .append(Stats.ms(r.before().get(name).median())).append(" | ").append(Stats.ms(after.median()))
                .append(" | ").append(Stats.number(after.median() / bare, 1)).append(" |\n"));
        double check = r.after().get("check").median();
        List<Verdict> verdicts = List.of(new Verdict("one-shot commands within 5× a bare `java -version` (median; `check`)",
                Stats.ms(check) + " ms against " + Stats.ms(bare) + " ms: " + Stats.number(check / bare, 1) + "×",
                check <= 5 * bare));
        return new Section("startup", md.toString(), verdicts);
    }
}
