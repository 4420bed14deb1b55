package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the Twitch transport against a fake Twitch server, reloaded by real
 * SIGHUPs: each kind of change causes exactly the connections, JOINs and PARTs of the design's
 * apply table, and nothing at all for every other bot.
 */
class TwitchReloadIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final List<String> CREW = List.of("alpha", "bravo", "charlie");
    /** Counts per kind of change, printed at the end for the record. */
    static final Map<String, String> TABLE = new LinkedHashMap<>();

    @TempDir Path dir;
    FakeTwitchServer twitch;
    Path config;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    /** One bot's TOML; {@code extra} goes at the end of its table. */
    static String bot(String name, String channels, String extra) {
        return """

                [[bots]]
                name = "%s"
                token = "${TOKEN_%s}"
                channels = %s
                intro_message = "hi from %s"
                %s
                [bots.commands.ping]
                response = "pong {args} from {bot}"
                """.formatted(name, name.toUpperCase(java.util.Locale.ROOT), channels, name, extra);
    }

    static String crew(String alphaChannels, String alphaExtra) {
        return bot("alpha", alphaChannels, alphaExtra) + bot("bravo", "[\"mychannel\"]", "") + bot("charlie", "[\"mychannel\"]", "");
    }

    @BeforeEach
    void start() throws IOException {
        twitch = FakeTwitchServer.start();
        for (String name : List.of("alpha", "bravo", "charlie", "delta")) {
            env.put("TOKEN_" + name.toUpperCase(java.util.Locale.ROOT), twitch.token(name));
        }
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        write(crew("[\"mychannel\"]", ""));
        hupbot = HupbotProcess.start(config, data, env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", twitch.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : CREW) {
                assertThat(twitch.channelsOf(name)).containsExactly("mychannel");
                assertThat(twitch.messagesFrom(name)).extracting(ChatLine::text).contains("hi from " + name);
            }
        });
    }

    @AfterEach
    void stop() {
        hupbot.close();
        twitch.close();
        for (String token : env.values()) {
            assertThat(hupbot.stderr()).noneMatch(l -> l.contains(token));
        }
    }

    @AfterAll
    static void printTable() {
        System.out.println("kind of change | bot | connections opened | JOINs | PARTs | other bots: connections, JOINs, PARTs");
        TABLE.forEach((k, v) -> System.out.println(k + " | " + v));
    }

    void write(String text) {
        ConfigFiles.save(config, text);
    }

    ReloadSummary reload(String text) throws IOException {
        long before = AuditRows.latestId(data);
        write(text);
        hupbot.signal("HUP");
        return AuditRows.awaitAfter(data, before, WAIT);
    }

    record Counts(int connections, int joins, int parts) {
        Counts minus(Counts earlier) {
            return new Counts(connections - earlier.connections, joins - earlier.joins, parts - earlier.parts);
        }
    }

    Map<String, Counts> counts(List<String> names) {
        return names.stream().collect(Collectors.toMap(Function.identity(),
                n -> new Counts(twitch.connections(n), twitch.joins(n).size(), twitch.parts(n).size())));
    }

    Counts delta(Map<String, Counts> before, String name) {
        return counts(List.of(name)).get(name).minus(before.getOrDefault(name, new Counts(0, 0, 0)));
    }

    void record(String kind, String bot, Map<String, Counts> before, List<String> others) {
        Counts own = delta(before, bot);
        List<String> rest = new ArrayList<>();
        for (String other : others) {
            Counts d = delta(before, other);
            rest.add(d.connections() + "/" + d.joins() + "/" + d.parts());
        }
        TABLE.put(kind, bot + " | " + own.connections() + " | " + own.joins() + " | " + own.parts() + " | " + String.join(", ", rest));
    }

    void assertUntouched(Map<String, Counts> before, List<String> names) {
        for (String name : names) {
            assertThat(delta(before, name)).as("traffic of %s", name).isEqualTo(new Counts(0, 0, 0));
        }
    }

    /**
     * One new connection that joined mychannel and parted nothing. twitch4j sometimes sends a
     * connection's first JOIN twice when the server answers fast (its JOIN retry), so JOIN lines
     * are checked as a set of channels, not counted.
     */
    void assertJoinedOnce(Map<String, Counts> before, String name) {
        Counts d = delta(before, name);
        assertThat(d.connections()).isEqualTo(1);
        assertThat(d.parts()).isZero();
        List<String> joins = twitch.joins(name);
        assertThat(joins.subList(before.get(name).joins(), joins.size())).isNotEmpty().containsOnly("mychannel");
    }

    String answerTo(String viewerLine, String bot) {
        int sent = twitch.messagesFrom(bot).size();
        twitch.inject("mychannel", "viewer1", viewerLine);
        await().atMost(WAIT).until(() -> twitch.messagesFrom(bot).size() > sent);
        return twitch.messagesFrom(bot).get(sent).text();
    }

    @Test
    void hotChangeCausesNoTrafficAndTheNewResponseIsUsed() throws IOException {
        Map<String, Counts> before = counts(CREW);
        String changed = crew("[\"mychannel\"]", "").replaceFirst("pong \\{args} from \\{bot}", "PONG {args} by {bot}");
        assertThat(reload(changed).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(answerTo("!ping 1", "alpha")).isEqualTo("PONG 1 by alpha");
        assertUntouched(before, CREW);
        record("HOT (commands.ping.response)", "alpha", before, List.of("bravo", "charlie"));
    }

    @Test
    void channelsRejoinOnTheSameConnectionAndTheIntroGoesOnlyToTheNewChannel() throws IOException {
        Map<String, Counts> before = counts(CREW);
        assertThat(reload(crew("[\"mychannel\", \"otherchannel\"]", "")).outcome()).isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.channelsOf("alpha").contains("otherchannel"));
        await().atMost(WAIT).until(() -> twitch.messagesIn("otherchannel").stream().anyMatch(l -> l.login().equals("alpha")));

        assertThat(delta(before, "alpha")).isEqualTo(new Counts(0, 1, 0));
        assertThat(twitch.messagesFrom("alpha")).extracting(ChatLine::channel, ChatLine::text)
                .containsOnlyOnce(org.assertj.core.groups.Tuple.tuple("mychannel", "hi from alpha"))
                .containsOnlyOnce(org.assertj.core.groups.Tuple.tuple("otherchannel", "hi from alpha"));
        assertUntouched(before, List.of("bravo", "charlie"));
        record("REJOIN (channels: +1)", "alpha", before, List.of("bravo", "charlie"));

        Map<String, Counts> beforePart = counts(CREW);
        assertThat(reload(crew("[\"otherchannel\"]", "")).outcome()).isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> !twitch.channelsOf("alpha").contains("mychannel"));
        assertThat(delta(beforePart, "alpha")).isEqualTo(new Counts(0, 0, 1));
        assertUntouched(beforePart, List.of("bravo", "charlie"));
        record("REJOIN (channels: -1)", "alpha", beforePart, List.of("bravo", "charlie"));
    }

    @Test
    void aNewTokenReconnectsThatBotAlone() throws IOException {
        Map<String, Counts> before = counts(CREW);
        String newToken = twitch.token("alpha");
        env.put("TOKEN_ALPHA_NEW", newToken);
        // The new token comes as a literal: the process environment cannot change while it runs.
        String text = crew("[\"mychannel\"]", "").replaceFirst("\\$\\{TOKEN_ALPHA}", newToken);
        ReloadSummary reload = reload(text);
        assertThat(reload.outcome()).isEqualTo(Outcome.APPLIED);

        await().atMost(WAIT).until(() -> twitch.connections("alpha") == before.get("alpha").connections() + 1
                && twitch.channelsOf("alpha").contains("mychannel"));
        assertThat(answerTo("!ping 2", "alpha")).isEqualTo("pong 2 from alpha");
        assertThat(delta(before, "alpha").connections()).isEqualTo(1);
        assertUntouched(before, List.of("bravo", "charlie"));
        record("RECONNECT (token)", "alpha", before, List.of("bravo", "charlie"));
        // No intro on a reconnect: the bot never left the channel as far as chat can tell.
        assertThat(twitch.messagesFrom("alpha")).extracting(ChatLine::text).containsOnlyOnce("hi from alpha");
    }

    @Test
    void botsStartAndStopOneByOne() throws IOException {
        Map<String, Counts> before = counts(List.of("alpha", "bravo", "charlie", "delta"));
        assertThat(reload(crew("[\"mychannel\"]", "") + bot("delta", "[\"mychannel\"]", "")).outcome()).isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.channelsOf("delta").contains("mychannel"));
        assertJoinedOnce(before, "delta");
        assertUntouched(before, CREW);
        record("START (bot added)", "delta", before, CREW);

        Map<String, Counts> beforeDisable = counts(List.of("alpha", "bravo", "charlie", "delta"));
        assertThat(reload(crew("[\"mychannel\"]", "") + bot("delta", "[\"mychannel\"]", "enabled = false")).outcome())
                .isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.openConnections("delta") == 0);
        assertUntouched(beforeDisable, CREW);
        record("STOP (enabled = false)", "delta", beforeDisable, CREW);

        Map<String, Counts> beforeEnable = counts(List.of("alpha", "bravo", "charlie", "delta"));
        assertThat(reload(crew("[\"mychannel\"]", "") + bot("delta", "[\"mychannel\"]", "enabled = true")).outcome())
                .isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.openConnections("delta") == 1 && twitch.channelsOf("delta").contains("mychannel"));
        assertJoinedOnce(beforeEnable, "delta");
        assertUntouched(beforeEnable, CREW);
        record("START (enabled = true)", "delta", beforeEnable, CREW);

        Map<String, Counts> beforeRemove = counts(List.of("alpha", "bravo", "charlie", "delta"));
        assertThat(reload(crew("[\"mychannel\"]", "")).outcome()).isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.openConnections("delta") == 0);
        assertThat(delta(beforeRemove, "delta").connections()).isZero();
        assertUntouched(beforeRemove, CREW);
        record("STOP (bot removed)", "delta", beforeRemove, CREW);
    }

    @Test
    void everyCommandIsAnsweredExactlyOnceWhileAHundredReloadsRun() throws Exception {
        Map<String, Counts> before = counts(CREW);
        ScheduledExecutorService viewer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        // 50 commands per second: one every 20 ms.
        viewer.scheduleAtFixedRate(() -> twitch.inject("mychannel", "viewer1", "!ping " + sent.incrementAndGet()),
                0, 20, TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < 100; i++) {
                // Each version differs from the one before (0.1 ... 0.9, then again), so each reload applies.
                String text = crew("[\"mychannel\"]", "reply_chance = 0." + (i % 9 + 1));
                assertThat(reload(text).outcome()).isEqualTo(Outcome.APPLIED);
            }
        } finally {
            viewer.shutdown();
            assertThat(viewer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        int total = sent.get();
        assertThat(total).isGreaterThan(100);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : CREW) {
                assertThat(twitch.messagesFrom(name).stream().filter(l -> l.text().startsWith("pong ")).count())
                        .as("answers of %s", name).isEqualTo(total);
            }
        });
        for (String name : CREW) {
            Map<String, Long> answers = twitch.messagesFrom(name).stream().filter(l -> l.text().startsWith("pong "))
                    .collect(Collectors.groupingBy(ChatLine::text, Collectors.counting()));
            for (int n = 1; n <= total; n++) {
                assertThat(answers.get("pong " + n + " from " + name)).as("answers of %s to !ping %d", name, n).isEqualTo(1L);
            }
        }
        assertUntouched(before, CREW);
        record("100 HOT reloads under 50 commands/s (" + total + " commands)", "each of 3", before, List.of());
    }

    @Test
    void aDroppedConnectionComesBackAndTheBotAnswersAgain() {
        int connections = twitch.connections("bravo");
        assertThat(twitch.dropConnections("bravo")).isEqualTo(1);
        await().atMost(WAIT).until(() -> twitch.connections("bravo") == connections + 1
                && twitch.channelsOf("bravo").contains("mychannel"));
        assertThat(answerTo("!ping 3", "bravo")).isEqualTo("pong 3 from bravo");
        assertThat(hupbot.stderr()).anyMatch(l -> l.contains("bot=bravo disconnected, reconnecting"));
    }
}
