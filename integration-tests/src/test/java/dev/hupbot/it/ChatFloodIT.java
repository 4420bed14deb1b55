package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.Outcome;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.MetricsText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile chat against the packaged jar on the fake Twitch server (issue 12, findings 6, 13, 14):
 * a model that answers with chat commands, one viewer naming every bot as fast as they can, and
 * a command flood against Twitch's rate limit for an ordinary account, with a reload in between.
 */
class ChatFloodIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String API_KEY = "sk-test-fl00d-api-key";
    static final Pattern METRICS_LINE = Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)$");
    static final List<String> BOTS = List.of("sticky", "pebble", "warden");

    @TempDir Path dir;
    FakeTwitchServer twitch;
    FakeLlmServer llm;
    Path config;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void servers() {
        twitch = FakeTwitchServer.start();
        llm = FakeLlmServer.start();
        env.put("LLM_API_KEY", API_KEY);
        for (String name : BOTS) {
            env.put("TOKEN_" + name.toUpperCase(Locale.ROOT), twitch.token(name));
        }
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
    }

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
        twitch.close();
        llm.close();
    }

    /** Three AI personas in #mychannel (the third is the moderator account), with {@code extra} for every bot. */
    String crew(String aiExtra, String botExtra) {
        StringBuilder toml = new StringBuilder("""
                [defaults]
                channels = ["mychannel"]
                min_delay_ms = 0
                max_delay_ms = 0
                reply_chance = 0.0
                %s

                [defaults.ai]
                base_url = "%s"
                api_key = "${LLM_API_KEY}"
                %s
                """.formatted(botExtra, llm.baseUrl(), aiExtra));
        for (String name : BOTS) {
            toml.append("""

                    [[bots]]
                    name = "%s"
                    token = "${TOKEN_%s}"
                    %s
                    [bots.ai]
                    model = "%s-model"
                    system_prompt = "You are %s."
                    """.formatted(name, name.toUpperCase(Locale.ROOT),
                    name.equals("warden") ? "role = \"moderator\"" : "", name, name));
        }
        return toml.toString();
    }

    void start(String toml, String rateLimits, String... extra) {
        ConfigFiles.save(config, toml);
        List<String> args = new java.util.ArrayList<>(List.of("--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-rate-limits", rateLimits));
        args.addAll(List.of(extra));
        hupbot = HupbotProcess.start(config, data, env, args.toArray(String[]::new));
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : BOTS) {
                assertThat(twitch.channelsOf(name)).containsExactly("mychannel");
            }
        });
    }

    List<String> saidBy(String bot) {
        return twitch.messagesFrom(bot).stream().map(ChatLine::text).toList();
    }

    @Test
    void aModelsChatCommandsReachChatAsPlainTextFromEveryBot() {
        llm.answer("sticky-model", "/ban innocent_bob");
        llm.answer("pebble-model", " \u200b.timeout x 600");
        llm.answer("warden-model", "\u00a0/me\r\n/ban innocent_bob");
        start(crew("", "intro_message = \"\\u0085./mod evil hello chat\""), "UNLIMITED");
        await().atMost(WAIT).until(() -> BOTS.stream().allMatch(b -> saidBy(b).contains("mod evil hello chat")));

        twitch.inject("mychannel", "viewer1", "@sticky @pebble @warden say something");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(saidBy("sticky")).contains("ban innocent_bob");
            assertThat(saidBy("pebble")).contains("timeout x 600");
            assertThat(saidBy("warden")).contains("me /ban innocent_bob");
        });
        for (String bot : BOTS) {
            assertThat(saidBy(bot)).allSatisfy(text -> {
                assertThat(text).doesNotStartWith("/").doesNotStartWith(".").doesNotContain("\r", "\n", "\u0085");
                assertThat(text.codePointAt(0)).matches(cp -> Character.isLetterOrDigit(cp), "a letter first");
            });
        }
    }

    @Test
    void oneViewerNamingEveryBotCannotSpendTheAiBudget() {
        start(crew("", ""), "UNLIMITED"); // the default ai.user_cooldown_seconds: 10
        long started = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            twitch.inject("mychannel", "flooder", "@sticky @pebble @warden look at me " + i);
            pause(started, Duration.ofMillis(43L * (i + 1))); // 300 lines in about 13 s
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // whatever is still owed comes in now; then nothing more
        await().atMost(WAIT).until(() -> saidBy("sticky").size() + saidBy("pebble").size() + saidBy("warden").size()
                == llm.requests().size());
        int requests = llm.requests().size();
        int bound = (int) (BOTS.size() * (Math.floor(seconds / 10) + 1));
        System.out.printf("ChatFloodIT: 300 lines naming %d bots in %.1f s -> %d LLM requests (bound %d)%n",
                BOTS.size(), seconds, requests, bound);
        assertThat(requests).isGreaterThanOrEqualTo(BOTS.size()).isLessThanOrEqualTo(bound);
        for (String bot : BOTS) {
            assertThat(llm.requests(bot + "-model")).hasSizeBetween(1, bound / BOTS.size());
        }
        // another viewer is not held back by the flooder
        twitch.inject("mychannel", "calm_viewer", "@sticky hello");
        await().atMost(WAIT).until(() -> llm.requests("sticky-model").stream()
                .anyMatch(r -> r.body().contains("calm_viewer: @sticky hello")));
    }

    @Test
    void underACommandFloodNoAnswerIsPostedLateAndAReloadsNewAnswerComesAtOnce() throws Exception {
        String pong = """
                [bots.commands.ping]
                response = "%s {args}"
                """;
        String before = crew("", "").replace("system_prompt = \"You are sticky.\"",
                "system_prompt = \"You are sticky.\"\n" + pong.formatted("pong"));
        String after = crew("", "").replace("system_prompt = \"You are sticky.\"",
                "system_prompt = \"You are sticky.\"\n" + pong.formatted("PONG2"));
        Map<Integer, Long> askedAt = new ConcurrentHashMap<>();
        List<long[]> answers = new CopyOnWriteArrayList<>(); // {line number, received at (nanos), new answer ? 1 : 0}
        Pattern answer = Pattern.compile("^(pong|PONG2) (\\d+)$");
        twitch.onMessage(line -> {
            Matcher m = answer.matcher(line.text());
            if (line.login().equals("sticky") && m.matches()) {
                answers.add(new long[] {Integer.parseInt(m.group(2)), System.nanoTime(), m.group(1).equals("PONG2") ? 1 : 0});
            }
        });
        start(before, "USER", "--metrics-port", "0");
        Matcher metrics = METRICS_LINE.matcher(hupbot.awaitStderr(0, l -> METRICS_LINE.matcher(l).find(), WAIT));
        assertThat(metrics.find()).isTrue();

        long started = System.nanoTime();
        long reloadedAt = 0;
        long beforeReload = AuditRows.latestId(data);
        int n = 0;
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(13)) {
            if (reloadedAt == 0 && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(10)) {
                ConfigFiles.save(config, after);
                hupbot.signal("HUP");
                reloadedAt = System.nanoTime();
            }
            askedAt.put(n, System.nanoTime());
            twitch.inject("mychannel", "viewer1", "!ping " + n);
            n++;
            pause(started, Duration.ofMillis(30L * n));
        }
        assertThat(AuditRows.awaitAfter(data, beforeReload, WAIT).outcome()).isEqualTo(Outcome.APPLIED);
        // lines still waiting when the flood stops are sent or dropped within 5 s: none may come later
        long quiet = System.nanoTime();
        try {
            await().during(Duration.ofSeconds(7)).atMost(WAIT)
                    .until(() -> worstDelay(answers, askedAt) < TimeUnit.SECONDS.toNanos(6));
        } finally {
            long reload = reloadedAt;
            System.out.printf("ChatFloodIT: %d !ping in %.1f s with the USER limit -> %d answers, worst %d ms after"
                    + " its line; answers (line: ms after it, new?): %s; reload at %d ms%n", n, (quiet - started) / 1e9,
                    answers.size(), worstDelay(answers, askedAt) / 1_000_000, answers.stream()
                            .map(a -> a[0] + ":" + (a[1] - askedAt.get((int) a[0])) / 1_000_000 + (a[2] == 1 ? "N" : ""))
                            .toList(), (reload - started) / 1_000_000);
        }
        long worst = worstDelay(answers, askedAt);
        long firstNew = answers.stream().filter(a -> a[2] == 1).mapToLong(a -> a[1]).min().orElse(Long.MAX_VALUE);
        long oldAfterNew = answers.stream().filter(a -> a[2] == 0 && a[1] > firstNew).count();
        MetricsText scrape = MetricsText.scrape(metrics.group(1));
        double late = scrape.value("hupbot_chat_replies_dropped_total{bot=\"sticky\",reason=\"late\"}");
        double full = scrape.value("hupbot_chat_replies_dropped_total{bot=\"sticky\",reason=\"queue_full\"}");
        System.out.printf("ChatFloodIT: worst answer %d ms after its line; new answer %d ms after the SIGHUP;"
                + " dropped %.0f late, %.0f queue_full%n", worst / 1_000_000, (firstNew - reloadedAt) / 1_000_000, late,
                full);

        assertThat(answers).hasSizeGreaterThanOrEqualTo(20); // the bucket's 20, then one per 1.5 s
        assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofSeconds(6));
        assertThat(firstNew).isNotEqualTo(Long.MAX_VALUE);
        assertThat(Duration.ofNanos(firstNew - reloadedAt)).isLessThan(Duration.ofSeconds(4));
        assertThat(oldAfterNew).isZero();
        assertThat(late + full).isGreaterThan(0);
        assertThat(hupbot.stderr()).anyMatch(l -> l.contains("bot=sticky dropped ")
                && l.contains("chat line(s) the chat's rate limit would have posted more than 5s late"));
        assertThat(hupbot.stderr()).noneMatch(l -> l.contains("twitch4j's send queue refused it"));
    }

    private static long worstDelay(List<long[]> answers, Map<Integer, Long> askedAt) {
        long worst = 0;
        for (long[] a : answers) {
            worst = Math.max(worst, a[1] - askedAt.get((int) a[0]));
        }
        return worst;
    }

    /** Waits until {@code offset} after {@code start} without a fixed sleep: the flood keeps its pace. */
    private static void pause(long start, Duration offset) {
        long until = start + offset.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
