package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.FakeTwitchServer.Presence;
import dev.hupbot.it.support.FakeTwitchServer.TimedMessage;
import dev.hupbot.it.support.HupbotProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token change of a running bot, make before break, at process level: the packaged jar against
 * the fake Twitch server, a real SIGHUP, and a viewer who sends a command every 20 ms throughout.
 * The bot must never leave the channel (no PART, no QUIT, always at least one of its connections
 * in it), every command must be answered exactly once, and a token Twitch refuses must leave the
 * bot answering on its old connection with the reload PARTIAL.
 */
class TwitchMakeBeforeBreakIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    FakeTwitchServer twitch;
    Path config;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();
    final List<String> tokens = new ArrayList<>();
    ScheduledExecutorService viewer;
    final AtomicInteger sent = new AtomicInteger();
    /** When the last SIGHUP went out ({@link System#nanoTime()}, the fake server's clock too). */
    long signalled;

    static String bot(String name, String token) {
        return """

                [[bots]]
                name = "%s"
                token = "%s"
                channels = ["mychannel"]
                intro_message = "hi from %s"

                [bots.commands.ping]
                response = "pong {args} from {bot}"
                """.formatted(name, token, name);
    }

    String crew(String alphaToken) {
        return bot("alpha", alphaToken) + bot("bravo", "${TOKEN_BRAVO}");
    }

    String token(String login) {
        String token = twitch.token(login);
        tokens.add(token);
        return token;
    }

    @BeforeEach
    void start() {
        twitch = FakeTwitchServer.start();
        env.put("TOKEN_ALPHA", token("alpha"));
        env.put("TOKEN_BRAVO", token("bravo"));
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        ConfigFiles.save(config, crew("${TOKEN_ALPHA}"));
        hupbot = HupbotProcess.start(config, data, env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", twitch.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : List.of("alpha", "bravo")) {
                assertThat(twitch.channelsOf(name)).containsExactly("mychannel");
                assertThat(twitch.messagesFrom(name)).extracting(ChatLine::text).contains("hi from " + name);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (viewer != null) {
            viewer.shutdownNow();
            viewer.awaitTermination(5, TimeUnit.SECONDS);
        }
        hupbot.close();
        twitch.close();
        for (String token : tokens) {
            assertThat(hupbot.stderr()).noneMatch(l -> l.contains(token));
            assertThat(hupbot.stdout()).noneMatch(l -> l.contains(token));
        }
    }

    /** A viewer sends {@code !ping 1}, {@code !ping 2}, … every 20 ms from now on. */
    void startViewer() {
        viewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "viewer");
            t.setDaemon(true);
            return t;
        });
        viewer.scheduleAtFixedRate(() -> twitch.inject("mychannel", "viewer1", "!ping " + sent.incrementAndGet()),
                0, 20, TimeUnit.MILLISECONDS);
    }

    int stopViewer() throws InterruptedException {
        viewer.shutdown();
        assertThat(viewer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        return sent.get();
    }

    ReloadSummary reload(String text) {
        long before = AuditRows.latestId(data);
        ConfigFiles.save(config, text);
        signalled = System.nanoTime();
        hupbot.signal("HUP");
        return AuditRows.awaitAfter(data, before, WAIT);
    }

    List<TimedMessage> answers(String bot) {
        return twitch.timedMessagesFrom(bot).stream().filter(m -> m.line().text().startsWith("pong ")).toList();
    }

    void awaitAnswersFrom(String bot, int connection, int atLeast) {
        await().atMost(WAIT).until(() -> answers(bot).stream().filter(m -> m.connection() == connection).count() >= atLeast);
    }

    /** Every command 1..total answered exactly once by each bot. */
    void assertEachAnsweredOnce(int total) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : List.of("alpha", "bravo")) {
                assertThat(answers(name)).as("answers of %s", name).hasSize(total);
            }
        });
        for (String name : List.of("alpha", "bravo")) {
            Map<String, Long> counts = answers(name).stream()
                    .collect(Collectors.groupingBy(m -> m.line().text(), Collectors.counting()));
            for (int n = 1; n <= total; n++) {
                assertThat(counts.get("pong " + n + " from " + name)).as("answers of %s to !ping %d", name, n).isEqualTo(1L);
            }
        }
    }

    /** Alpha's stays in #mychannel overlap or touch, and the last one lasts: it was never out of the channel. */
    void assertAlwaysPresent() {
        List<Presence> stays = twitch.presences("alpha", "mychannel");
        assertThat(stays).isNotEmpty();
        long coveredUntil = stays.get(0).leftNanos();
        for (Presence stay : stays.subList(1, stays.size())) {
            assertThat(stay.joinedNanos()).as("connection %d joined before the one before it left", stay.connection())
                    .isLessThanOrEqualTo(coveredUntil);
            coveredUntil = Math.max(coveredUntil, stay.leftNanos());
        }
        assertThat(coveredUntil).as("alpha is still in the channel").isEqualTo(Long.MAX_VALUE);
    }

    static long longestGapMs(List<TimedMessage> messages) {
        long longest = 0;
        for (int i = 1; i < messages.size(); i++) {
            longest = Math.max(longest, messages.get(i).atNanos() - messages.get(i - 1).atNanos());
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    @Test
    void aNewTokenOfTheSameAccountMovesTheBotWithoutLeavingChatOrLosingACommand() throws Exception {
        int oldConnection = twitch.connectionIds("alpha").get(0);
        int bravoConnections = twitch.connections("bravo");
        startViewer();
        awaitAnswersFrom("alpha", oldConnection, 25); // half a second of traffic before the switch

        String newToken = token("alpha");
        twitch.rejectToken(env.get("TOKEN_ALPHA")); // from here only the new token can log in
        ReloadSummary reload = reload(crew(newToken));
        long sighup = signalled;
        long reloaded = System.nanoTime();
        assertThat(reload.outcome()).isEqualTo(Outcome.APPLIED);

        await().atMost(WAIT).until(() -> twitch.connectionIds("alpha").size() == 2 && twitch.openConnections("alpha") == 1);
        int newConnection = twitch.connectionIds("alpha").get(1);
        awaitAnswersFrom("alpha", newConnection, 25); // and half a second after the old connection closed
        int total = stopViewer();

        assertEachAnsweredOnce(total);
        assertThat(twitch.parts("alpha")).as("PARTs of alpha").isEmpty();
        assertThat(twitch.quits("alpha")).as("QUITs of alpha").isZero();
        assertAlwaysPresent();
        assertThat(twitch.connections("alpha")).as("one new connection for alpha").isEqualTo(2);
        assertThat(twitch.connections("bravo")).as("bravo opens no connection").isEqualTo(bravoConnections);
        assertThat(twitch.parts("bravo")).isEmpty();
        assertThat(twitch.messagesFrom("alpha")).extracting(ChatLine::text).as("no intro again").containsOnlyOnce("hi from alpha");

        List<TimedMessage> alpha = answers("alpha");
        TimedMessage firstOnNew = alpha.stream().filter(m -> m.connection() == newConnection).findFirst().orElseThrow();
        long lastOnOld = alpha.stream().filter(m -> m.connection() == oldConnection).mapToLong(TimedMessage::atNanos).max()
                .orElseThrow();
        assertThat(alpha.get(alpha.size() - 1).connection()).as("the new connection carries the bot").isEqualTo(newConnection);
        assertThat(lastOnOld).as("the old connection answered nothing after the first answer on the new one")
                .isLessThanOrEqualTo(firstOnNew.atNanos());
        assertThat(hupbot.stderr()).anyMatch(l -> l.matches(".*bot=alpha switched to the new token in \\d+ ms: the new"
                + " connection is in #mychannel; the old one closes without PART or QUIT"));

        hupbot.stderr().stream().filter(l -> l.contains("bot=alpha") || l.contains("SIGHUP") || l.contains("reloaded"))
                .forEach(l -> System.out.println("hupbot: " + l));
        Map<Integer, Long> perConnection = alpha.stream()
                .collect(Collectors.groupingBy(TimedMessage::connection, Collectors.counting()));
        System.out.printf("measured: make before break: %d commands sent (every 20 ms), alpha answered %d (%d on the old"
                        + " connection, %d on the new), bravo %d; 0 lost, 0 doubled; longest gap between alpha's answers %d ms;"
                        + " SIGHUP to the first answer on the new connection %d ms; SIGHUP to the reload row seen by the test %d ms%n",
                total, alpha.size(), perConnection.getOrDefault(oldConnection, 0L), perConnection.getOrDefault(newConnection, 0L),
                answers("bravo").size(), longestGapMs(alpha), TimeUnit.NANOSECONDS.toMillis(firstOnNew.atNanos() - sighup),
                TimeUnit.NANOSECONDS.toMillis(reloaded - sighup));
    }

    @Test
    void aNewTokenTwitchRefusesLeavesTheBotOnItsOldConnectionAndTheReloadPartial() throws Exception {
        int oldConnection = twitch.connectionIds("alpha").get(0);
        int bravoConnections = twitch.connections("bravo");
        startViewer();
        awaitAnswersFrom("alpha", oldConnection, 10);

        // validate accepts it, chat refuses the login: Twitch's NOTICE, then the socket closes
        String refused = token("alpha");
        twitch.refuseChatLogin(refused);
        ReloadSummary first = reload(crew(refused));
        assertThat(first.outcome()).isEqualTo(Outcome.PARTIAL);
        JsonNode change = tokenChange(first.id());
        assertThat(change.path("applied").asBoolean()).isFalse();
        assertThat(change.path("error").asText()).isEqualTo("Twitch refused the login with the new token (Login"
                + " authentication failed); generate a new token for the alpha account with the chat:read and chat:edit"
                + " scopes, set it as this bot's token and reload; the bot stays in chat on its old connection");
        int answered = answers("alpha").size();
        awaitAnswersFrom("alpha", oldConnection, answered + 10);

        // validate refuses it: no connection is even tried
        String invalid = token("alpha");
        twitch.rejectToken(invalid);
        int connectionsBefore = twitch.connections("alpha");
        ReloadSummary second = reload(crew(invalid));
        assertThat(second.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(tokenChange(second.id()).path("error").asText()).isEqualTo("Twitch rejected the token; generate a new"
                + " token for the alpha account with the chat:read and chat:edit scopes, set it as this bot's token and"
                + " reload; the bot stays in chat with its old token");
        assertThat(twitch.connections("alpha")).isEqualTo(connectionsBefore);
        answered = answers("alpha").size();
        awaitAnswersFrom("alpha", oldConnection, answered + 10);
        int total = stopViewer();

        assertEachAnsweredOnce(total);
        assertThat(answers("alpha")).as("every answer on the old connection").allMatch(m -> m.connection() == oldConnection);
        assertThat(twitch.parts("alpha")).isEmpty();
        assertThat(twitch.quits("alpha")).isZero();
        assertThat(twitch.openConnections("alpha")).isEqualTo(1);
        assertAlwaysPresent();
        assertThat(twitch.connections("bravo")).isEqualTo(bravoConnections);
        Cli.Result shown = Cli.run(env, "history", "show", Long.toString(first.id()), "--data", data.toString());
        assertThat(shown.stdout()).contains("PARTIAL").contains("Twitch refused the login with the new token");
        System.out.printf("measured: refused token: %d commands sent, alpha answered %d, all on its old connection;"
                + " longest gap %d ms%n", total, answers("alpha").size(), longestGapMs(answers("alpha")));
    }

    JsonNode tokenChange(long reloadId) throws Exception {
        Cli.Result shown = Cli.run(env, "history", "show", Long.toString(reloadId), "--json", "--data", data.toString());
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        Map<String, JsonNode> byPath = new HashMap<>();
        JSON.readTree(shown.stdout()).path("changes").forEach(c -> byPath.put(c.path("bot").asText() + " " + c.path("path").asText(), c));
        assertThat(byPath).containsKey("alpha token");
        return byPath.get("alpha token");
    }
}
