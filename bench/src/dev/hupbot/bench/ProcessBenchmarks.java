package dev.hupbot.bench;

import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.Jar;
import dev.hupbot.it.support.ShellCrew;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar as a real process, started with the Docker image's JVM options, measured from
 * outside: signal to applied, reload against restart, chat under a reload storm, memory.
 */
final class ProcessBenchmarks {
    /** The JVM options of the image's ENTRYPOINT (Dockerfile). */
    static final List<String> IMAGE_JVM = List.of("-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");
    static final Duration WAIT = Duration.ofMinutes(3);
    static final List<String> CREW = List.of("alpha", "bravo", "charlie", "delta");

    private final Path work;

    ProcessBenchmarks(Path work) {
        this.work = work;
    }

    private Path fresh(String name) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    private static HupbotProcess shell(Path config, Path data, Map<String, String> env) {
        HupbotProcess bot = HupbotProcess.start(Jar.javaCommand(IMAGE_JVM), config, data, env, "--chat", "shell");
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        return bot;
    }

    private static void stop(HupbotProcess bot) {
        bot.signal("TERM");
        bot.awaitExit(Duration.ofMinutes(1));
        bot.close();
    }

    /** Saves the other version, signals, and waits for that reload's success line. */
    private static void reloadAndWait(HupbotProcess bot, Path config, String text) {
        int from = bot.stderrSize();
        ShellCrew.save(config, text);
        bot.signal("HUP");
        bot.awaitStderr(from, l -> l.contains("Configuration reloaded successfully") || l.contains("Failed to reload"), WAIT);
    }

    // ---- SIGHUP to applied -----------------------------------------------------------------------

    /**
     * @param startupMs the start-up row's duration_ms: the first load (every block new to the
     *     parser), the version stored, every bot started
     * @param runningMs from launching the JVM to its "hupbot running" line
     */
    record EndToEnd(int bots, long fileBytes, int reloads, Stats signalToApplied, Stats duration, Stats wholeRun,
            double cpuMsPerReload, Stats firstTen, double startupMs, double runningMs) {}

    /** CPU time the process used so far, all threads (from /proc through ProcessHandle). */
    static double cpuMs(HupbotProcess bot) {
        return ProcessHandle.of(bot.pid()).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    /**
     * {@code reloads} SIGHUPs, one at a time (each waits for the one before), after {@code warmup}
     * unmeasured ones. Times come from the reload rows: requested_at is stamped when the signal
     * handler runs, finished_at after the outcome is written.
     */
    EndToEnd signalToApplied(int bots, int warmup, int reloads) throws IOException {
        BenchConfigs configs = BenchConfigs.of(Integer.toString(bots));
        Path dir = fresh("e2e-" + bots);
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ShellCrew.save(config, configs.a());
        long launched = System.nanoTime();
        HupbotProcess bot = shell(config, data, configs.env());
        double runningMs = (System.nanoTime() - launched) / 1e6;
        List<Double> wall = new ArrayList<>();
        long startup = AuditRows.latestId(data);
        double startupMs = Double.NaN;
        try {
            for (int i = 0; i < warmup; i++) {
                reloadAndWait(bot, config, i % 2 == 0 ? configs.b() : configs.a());
            }
            long before = AuditRows.latestId(data);
            double cpuBefore = cpuMs(bot);
            for (int i = 0; i < reloads; i++) {
                long start = System.nanoTime();
                reloadAndWait(bot, config, (warmup + i) % 2 == 0 ? configs.b() : configs.a());
                wall.add((System.nanoTime() - start) / 1e6);
            }
            double cpuPerReload = (cpuMs(bot) - cpuBefore) / reloads;
            List<Double> applied = new ArrayList<>();
            List<Double> duration = new ArrayList<>();
            List<Double> firstTen = new ArrayList<>();
            try (AuditStore audit = AuditStore.open(data)) {
                for (ReloadSummary row : audit.history(reloads + warmup + 10)) {
                    if (row.id() == startup && row.durationMs() != null) {
                        startupMs = row.durationMs();
                    }
                    if (row.id() > startup && row.id() <= startup + 10 && row.durationMs() != null) {
                        firstTen.add(row.durationMs());
                    }
                    if (row.id() <= before) {
                        continue;
                    }
                    if (row.outcome() != Outcome.APPLIED || row.finishedAt() == null || row.durationMs() == null) {
                        throw new IllegalStateException("reload #" + row.id() + " " + row.outcome());
                    }
                    applied.add(Duration.between(row.requestedAt(), row.finishedAt()).toNanos() / 1e6);
                    duration.add(row.durationMs());
                }
            }
            return new EndToEnd(bots, configs.a().getBytes(StandardCharsets.UTF_8).length, applied.size(),
                    Stats.of(applied), Stats.of(duration), Stats.of(wall), cpuPerReload, Stats.of(firstTen), startupMs, runningMs);
        } finally {
            stop(bot);
        }
    }

    // ---- reload against restart ------------------------------------------------------------------

    record Switch(Stats millis, Stats connectionsOpened) {}

    record ReloadVsRestart(int rounds, Switch reload, Switch restart) {}

    static String crew(String pingVersion, String alphaIntro) {
        StringBuilder toml = new StringBuilder("[defaults]\nchannels = [\"mychannel\"]\nmin_delay_ms = 0\nmax_delay_ms = 0\n");
        for (String name : CREW) {
            toml.append("\n[[bots]]\nname = \"").append(name).append("\"\ntoken = \"${TOKEN_")
                    .append(name.toUpperCase(Locale.ROOT)).append("}\"\n")
                    .append("intro_message = \"").append(name.equals("alpha") ? alphaIntro : "").append("\"\n")
                    .append("[bots.commands.ping]\nresponse = \"pong ").append(pingVersion).append(" {args} from {bot}\"\n");
        }
        return toml.toString();
    }

    private static HupbotProcess twitchBot(FakeTwitchServer twitch, Path config, Path data, Map<String, String> env) {
        HupbotProcess bot = HupbotProcess.start(Jar.javaCommand(IMAGE_JVM), config, data, env, "--chat", "twitch",
                "--twitch-irc-url", twitch.ircUrl(), "--twitch-auth-url", twitch.authUrl(),
                "--twitch-helix-url", twitch.helixUrl(), "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).until(() -> CREW.stream().allMatch(n -> twitch.channelsOf(n).contains("mychannel")));
        return bot;
    }

    private static int connections(FakeTwitchServer twitch) {
        return CREW.stream().mapToInt(twitch::connections).sum();
    }

    /**
     * Time from the operator's action (SIGHUP, or SIGTERM then a new start) until alpha answers
     * {@code !ping} with the new response, a viewer asking every 20 ms; and the chat connections
     * opened meanwhile.
     */
    ReloadVsRestart reloadVsRestart(int rounds) throws IOException {
        Path dir = fresh("restart");
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        List<Double> reloadMs = new ArrayList<>();
        List<Double> restartMs = new ArrayList<>();
        List<Double> reloadConnections = new ArrayList<>();
        List<Double> restartConnections = new ArrayList<>();
        try (FakeTwitchServer twitch = FakeTwitchServer.start()) {
            Map<String, String> env = new HashMap<>();
            CREW.forEach(n -> env.put("TOKEN_" + n.toUpperCase(Locale.ROOT), twitch.token(n)));
            Map<String, Long> firstSeen = new ConcurrentHashMap<>();
            twitch.onMessage(line -> {
                String[] words = line.text().split(" ");
                if (words.length > 1 && words[0].equals("pong")) {
                    firstSeen.putIfAbsent(line.login() + ":" + words[1], System.nanoTime());
                }
            });
            ShellCrew.save(config, crew("v0", "hi"));
            HupbotProcess bot = twitchBot(twitch, config, data, env);
            try {
                for (int round = 1; round <= rounds; round++) {
                    String version = "r" + round;
                    int opened = connections(twitch);
                    long start = System.nanoTime();
                    ShellCrew.save(config, crew(version, "hi"));
                    bot.signal("HUP");
                    reloadMs.add((awaitAnswer(twitch, firstSeen, version) - start) / 1e6);
                    reloadConnections.add((double) (connections(twitch) - opened));

                    version = "s" + round;
                    ShellCrew.save(config, crew(version, "hi"));
                    opened = connections(twitch);
                    start = System.nanoTime();
                    bot.signal("TERM");
                    bot.awaitExit(Duration.ofMinutes(1));
                    bot.close();
                    bot = HupbotProcess.start(Jar.javaCommand(IMAGE_JVM), config, data, env, "--chat", "twitch",
                            "--twitch-irc-url", twitch.ircUrl(), "--twitch-auth-url", twitch.authUrl(),
                            "--twitch-helix-url", twitch.helixUrl(), "--twitch-rate-limits", "UNLIMITED");
                    restartMs.add((awaitAnswer(twitch, firstSeen, version) - start) / 1e6);
                    HupbotProcess running = bot;
                    await().atMost(WAIT).until(() -> running.stderr().stream().anyMatch(l -> l.contains("hupbot running"))
                            && CREW.stream().allMatch(n -> twitch.channelsOf(n).contains("mychannel")));
                    restartConnections.add((double) (connections(twitch) - opened));
                }
            } finally {
                stop(bot);
            }
        }
        return new ReloadVsRestart(rounds, new Switch(Stats.of(reloadMs), Stats.of(reloadConnections)),
                new Switch(Stats.of(restartMs), Stats.of(restartConnections)));
    }

    /** Asks {@code !ping} every 20 ms until alpha answers with {@code version}; returns when that answer arrived. */
    private static long awaitAnswer(FakeTwitchServer twitch, Map<String, Long> firstSeen, String version) {
        ScheduledExecutorService viewer = Executors.newSingleThreadScheduledExecutor();
        try {
            viewer.scheduleAtFixedRate(() -> twitch.inject("mychannel", "viewer1", "!ping"), 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> firstSeen.containsKey("alpha:" + version));
            return firstSeen.get("alpha:" + version);
        } finally {
            viewer.shutdownNow();
        }
    }

    // ---- chat under a reload storm ---------------------------------------------------------------

    record ChatLoad(String phase, int commands, double seconds, double commandsPerSecond, int reloads, long lost,
            long duplicated, Stats latency) {}

    /**
     * Four bots each answer {@code !ping N}; a viewer sends {@code rate} commands a second for
     * {@code seconds}, first with no reloads, then while the file changes and a SIGHUP goes out
     * every 100 ms (a HOT field of one bot, alternating). Every answer is matched to its command.
     */
    List<ChatLoad> chatUnderReloadStorm(int rate, int seconds) throws IOException {
        Path dir = fresh("storm");
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        List<ChatLoad> results = new ArrayList<>();
        try (FakeTwitchServer twitch = FakeTwitchServer.start()) {
            Map<String, String> env = new HashMap<>();
            CREW.forEach(n -> env.put("TOKEN_" + n.toUpperCase(Locale.ROOT), twitch.token(n)));
            Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> answeredAt = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            Pattern pong = Pattern.compile("pong v (\\d+) from (\\w+)");
            twitch.onMessage(line -> {
                Matcher m = pong.matcher(line.text());
                if (m.matches() && answeredAt.putIfAbsent(m.group(2) + ":" + m.group(1), System.nanoTime()) != null) {
                    duplicates.incrementAndGet();
                }
            });
            ShellCrew.save(config, crew("v", "intro 0"));
            HupbotProcess bot = twitchBot(twitch, config, data, env);
            AtomicInteger next = new AtomicInteger();
            try {
                load(twitch, sentAt, next, rate, 5, null, config); // warm-up, not counted
                for (boolean reloading : new boolean[] {false, true}) {
                    long dupBefore = duplicates.get();
                    long rowsBefore = AuditRows.latestId(data);
                    int first = next.get() + 1;
                    long started = System.nanoTime();
                    load(twitch, sentAt, next, rate, seconds, reloading ? bot : null, config);
                    double took = (System.nanoTime() - started) / 1e9;
                    int last = next.get();
                    // Answers still on their way get up to 30 s; what is missing then is lost.
                    try {
                        await().atMost(Duration.ofSeconds(30)).until(() -> allAnswered(answeredAt, first, last));
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        // counted below
                    }
                    List<Double> latency = new ArrayList<>();
                    long lost = 0;
                    for (int n = first; n <= last; n++) {
                        for (String name : CREW) {
                            Long at = answeredAt.get(name + ":" + n);
                            if (at == null) {
                                lost++;
                            } else {
                                latency.add((at - sentAt.get(n)) / 1e6);
                            }
                        }
                    }
                    int reloads = 0;
                    try (AuditStore audit = AuditStore.open(data)) {
                        reloads = (int) audit.history(10_000).stream()
                                .filter(r -> r.id() > rowsBefore && r.outcome() == Outcome.APPLIED).count();
                    }
                    int commands = last - first + 1;
                    results.add(new ChatLoad(reloading ? "10 reloads a second" : "no reloads", commands, took,
                            commands / took, reloads, lost, duplicates.get() - dupBefore, Stats.of(latency)));
                }
            } finally {
                stop(bot);
            }
        }
        return results;
    }

    private static boolean allAnswered(Map<String, Long> answeredAt, int first, int last) {
        for (int n = first; n <= last; n++) {
            for (String name : CREW) {
                if (!answeredAt.containsKey(name + ":" + n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sends commands at {@code rate} a second for {@code seconds}; with a bot, reloads it 10 times a second. */
    private static void load(FakeTwitchServer twitch, Map<Integer, Long> sentAt, AtomicInteger next, int rate, int seconds,
            HupbotProcess reloading, Path config) {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        AtomicInteger version = new AtomicInteger();
        try {
            long periodMicros = 1_000_000L / rate;
            int total = rate * seconds;
            int first = next.get();
            clock.scheduleAtFixedRate(() -> {
                if (next.get() - first < total) {
                    int n = next.incrementAndGet();
                    sentAt.put(n, System.nanoTime());
                    twitch.inject("mychannel", "viewer1", "!ping " + n);
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            if (reloading != null) {
                clock.scheduleAtFixedRate(() -> {
                    ShellCrew.save(config, crew("v", "intro " + version.incrementAndGet()));
                    reloading.signal("HUP");
                }, 50, 100, TimeUnit.MILLISECONDS);
            }
            await().atMost(Duration.ofSeconds(seconds * 3L + 30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> next.get() - first >= total);
        } finally {
            clock.shutdownNow();
        }
    }

    // ---- memory ----------------------------------------------------------------------------------

    record HeapPoint(int reloads, long liveHeapKb) {}

    record Memory(int bots, List<HeapPoint> heap, long rssKbThousandBots, long rssKbTenBots, long heapKbTenBots) {}

    /** Live heap (after a full GC) along {@code reloads} reloads of a 1,000-bot file; RSS with 10 bots. */
    Memory memory(int reloads) throws IOException, InterruptedException {
        BenchConfigs big = BenchConfigs.of("1000");
        Path dir = fresh("memory");
        Path config = dir.resolve("bots.toml");
        Path data = dir.resolve("data");
        ShellCrew.save(config, big.a());
        List<HeapPoint> points = new ArrayList<>();
        long rssBig;
        HupbotProcess bot = shell(config, data, big.env());
        try {
            List<Integer> marks = List.of(1, 10, 100, 250, 500, 750, reloads);
            for (int i = 1; i <= reloads; i++) {
                reloadAndWait(bot, config, i % 2 == 1 ? big.b() : big.a());
                if (marks.contains(i)) {
                    points.add(new HeapPoint(i, liveHeapKb(bot.pid())));
                }
            }
            rssBig = rssKb(bot.pid());
        } finally {
            stop(bot);
        }
        BenchConfigs small = BenchConfigs.of("10");
        Path smallDir = fresh("memory-10");
        Path smallConfig = smallDir.resolve("bots.toml");
        ShellCrew.save(smallConfig, small.a());
        HupbotProcess ten = shell(smallConfig, smallDir.resolve("data"), small.env());
        try {
            for (int i = 1; i <= 20; i++) {
                reloadAndWait(ten, smallConfig, i % 2 == 1 ? small.b() : small.a());
            }
            long heap = liveHeapKb(ten.pid());
            return new Memory(1000, points, rssBig, rssKb(ten.pid()), heap);
        } finally {
            stop(ten);
        }
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Full GC through jcmd, then the used size of the generations (the live heap). */
    static long liveHeapKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long used = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            Matcher m = USED.matcher(line);
            if (line.contains("generation") && m.find()) {
                used += Long.parseLong(m.group(1));
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
