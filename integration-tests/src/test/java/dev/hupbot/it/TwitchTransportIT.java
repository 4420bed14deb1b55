package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.chat.twitch.ConnectionEvent;
import dev.hupbot.chat.twitch.TwitchRateLimits;
import dev.hupbot.chat.twitch.TwitchSettings;
import dev.hupbot.chat.twitch.TwitchTransport;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import dev.hupbot.it.support.Badges;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Twitch transport against a fake Twitch chat server on 127.0.0.1. */
class TwitchTransportIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String REJECTED = "Twitch rejected the token; generate a new token for the %s account with the"
            + " chat:read and chat:edit scopes, set it as this bot's token and reload";

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private FakeTwitchServer fake;
    private TwitchTransport transport;

    /** What a bot's listener got, and on which thread. */
    private record Received(ChatMessage message, String thread) {}

    private static final class Inbox implements ChatListener {
        final List<Received> received = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(ChatMessage message) {
            received.add(new Received(message, Thread.currentThread().getName()));
        }

        List<String> texts() {
            return received.stream().map(r -> r.message().text()).toList();
        }
    }

    @BeforeEach
    void start() {
        logs.start();
        rootLogger().addAppender(logs);
        fake = FakeTwitchServer.start();
        TwitchSettings settings = TwitchSettings.defaults()
                .withIrcUrl(fake.ircUrl())
                .withAuthUrl(fake.authUrl())
                .withHelixUrl(fake.helixUrl())
                .withRateLimits(TwitchRateLimits.VERIFIED);
        transport = new TwitchTransport(settings, Clock.fixed(NOW, ZoneOffset.UTC), events::add);
    }

    @AfterEach
    void stop() {
        try {
            transport.close();
            fake.close();
        } finally {
            rootLogger().detachAppender(logs);
        }
        // no token may reach any log line, ours or twitch4j's
        for (ILoggingEvent line : logs.list) {
            for (String token : tokens) {
                assertThat(line.getFormattedMessage()).doesNotContain(token);
            }
        }
    }

    @Test
    void connectLogsInOnceAndJoinsEveryChannel() {
        long started = System.nanoTime();
        ChatConnection bot = connect("bot1", Set.of("mychannel", "#OtherChannel"), new Inbox());

        await().atMost(DEADLINE).until(bot::connected);
        long connectedMs = (System.nanoTime() - started) / 1_000_000;
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(fake.channelsOf("bot1")).containsExactlyInAnyOrder("mychannel", "otherchannel"));
        long joinedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("measured: connect() to logged in %d ms, to both channels joined %d ms%n", connectedMs, joinedMs);

        assertThat(fake.connections("bot1")).isEqualTo(1);
        assertThat(fake.joins("bot1")).containsOnly("mychannel", "otherchannel");
        assertThat(bot.channels()).containsExactlyInAnyOrder("mychannel", "otherchannel");
        assertThat(events).containsExactly(new ConnectionEvent("bot1", ConnectionEvent.Kind.CONNECTED, "connected"));
        assertThat(logLines()).contains("bot=bot1 connected");
    }

    @Test
    void joinAndPartHappenOnTheOpenConnection() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel", "otherchannel"), new Inbox());

        bot.join("thirdchannel");
        bot.part("otherchannel");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.channelsOf("bot1")).containsExactlyInAnyOrder("mychannel", "thirdchannel");
            assertThat(fake.parts("bot1")).containsExactly("otherchannel");
        });
        assertThat(fake.connections("bot1")).isEqualTo(1);
        assertThat(bot.channels()).containsExactlyInAnyOrder("mychannel", "thirdchannel");
    }

    @Test
    void aSentMessageArrivesAsPrivmsgOnOneLine() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), new Inbox());

        bot.send("mychannel", "hello chat");
        bot.send("#MyChannel", "two\nlines\r\nPRIVMSG #elsewhere :sneaky");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.messagesFrom("bot1")).containsExactlyInAnyOrder(
                new ChatLine("bot1", "mychannel", "hello chat"),
                new ChatLine("bot1", "mychannel", "two lines PRIVMSG #elsewhere :sneaky")));
        assertThat(fake.messagesIn("elsewhere")).isEmpty();
    }

    @Test
    void aReplyOver500CharactersIsCutAtAWordBoundary() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), new Inbox());
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            words.add(String.format("word%03d", i)); // 7 letters and a space: 62 words fit in 500
        }

        bot.send("mychannel", String.join(" ", words));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.messagesFrom("bot1")).containsExactly(
                new ChatLine("bot1", "mychannel", String.join(" ", words.subList(0, 62)))));
    }

    @Test
    void aNewTokenReconnectsThatBotOnceAndNoOtherBot() {
        String oldToken = fake.token("bot1");
        tokens.add(oldToken);
        ChatConnection bot1 = transport.connect("bot1", Secret.of(oldToken), Set.of("mychannel"), new Inbox());
        ChatConnection bot2 = connectAndWait("bot2", Set.of("mychannel"), new Inbox());
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.channelsOf("bot1")).containsExactly("mychannel"));

        fake.rejectToken(oldToken); // so only a login with the new token can succeed
        java.util.concurrent.CompletableFuture<Boolean> switched = bot1.replaceCredential(Secret.of(token("bot1")))
                .thenApply(r -> r.applied()).toCompletableFuture();

        // make before break: the new connection joins, then the old one closes (without PART or QUIT)
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.connections("bot1")).isEqualTo(2);
            assertThat(fake.openConnections("bot1")).isEqualTo(1);
            assertThat(fake.channelsOf("bot1")).containsExactly("mychannel"); // channelsOf: open connections only
            assertThat(bot1.connected()).isTrue();
        });
        assertThat(switched).succeedsWithin(DEADLINE).isEqualTo(true);
        assertThat(fake.loginFailures("bot1")).isZero();
        assertThat(fake.parts("bot1")).isEmpty();
        assertThat(fake.quits("bot1")).isZero();
        assertThat(fake.connections("bot2")).isEqualTo(1);
        assertThat(fake.joins("bot2")).containsOnly("mychannel");
        assertThat(bot2.connected()).isTrue();
        assertThat(logLines()).contains("bot=bot1 switching to the new token: a second connection joins #mychannel"
                + " before the first one closes");
        assertThat(logLines()).anyMatch(l -> l.matches("bot=bot1 switched to the new token in \\d+ ms: the new connection"
                + " is in #mychannel; the old one closes without PART or QUIT"));
        bot1.send("mychannel", "on the new connection");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.timedMessagesFrom("bot1"))
                .singleElement().extracting(m -> m.connection()).isEqualTo(fake.connectionIds("bot1").get(1)));
    }

    @Test
    void aTokenOfAnotherAccountGetsANewChatClientThatRejoins() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), new Inbox());

        bot.reconnect(Secret.of(token("bot1alt")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.channelsOf("bot1alt")).containsExactly("mychannel");
            assertThat(fake.openConnections("bot1")).isZero();
            assertThat(bot.connected()).isTrue();
        });
        assertThat(fake.connections("bot1alt")).isEqualTo(1);
        bot.send("mychannel", "hi from the other account");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.messagesFrom("bot1alt"))
                .containsExactly(new ChatLine("bot1alt", "mychannel", "hi from the other account")));
    }

    @Test
    void aViewersMessageArrivesWithTheLevelOfItsBadgesOffTheReadingThread() {
        Inbox inbox = new Inbox();
        connectAndWait("bot1", Set.of("mychannel"), inbox);

        fake.inject("mychannel", "viewer1", "!hello", Badges.MODERATOR);
        fake.inject("mychannel", "thestreamer", "broadcaster", Badges.BROADCASTER, Badges.MODERATOR);
        fake.inject("mychannel", "viewer2", "vip", Badges.VIP, Badges.SUBSCRIBER);
        fake.inject("mychannel", "viewer3", "sub", Badges.SUBSCRIBER);
        fake.inject("mychannel", "viewer4", "founder", Badges.FOUNDER);
        fake.inject("mychannel", "viewer5", "nobody");
        fake.inject("mychannel", "viewer6", "lead", Badges.LEAD_MODERATOR);

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(inbox.received).hasSize(7));
        ChatMessage first = inbox.received.get(0).message();
        assertThat(first).usingRecursiveComparison().ignoringFields("id", "userId", "roomId")
                .isEqualTo(new ChatMessage("mychannel", "viewer1", "Viewer1", "!hello", Permission.MODERATOR, NOW));
        // Twitch's ids travel with the line: the crew dedupes by message id, the moderator times out by user id.
        assertThat(first.id()).matches("[0-9a-f-]{36}");
        assertThat(first.userId()).matches("\\d+");
        assertThat(first.roomId()).matches("\\d+");
        assertThat(inbox.received).extracting(r -> r.message().level()).containsExactly(
                Permission.MODERATOR, Permission.BROADCASTER, Permission.VIP, Permission.SUBSCRIBER,
                Permission.SUBSCRIBER, Permission.EVERYONE, Permission.MODERATOR);
        assertThat(inbox.received).extracting(Received::thread).allSatisfy(thread ->
                assertThat(thread).startsWith("twitch-bot1-events"));
    }

    @Test
    void aDroppedConnectionComesBackAndMessagesFlowAgain() {
        Inbox inbox = new Inbox();
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), inbox);

        assertThat(fake.dropConnections("bot1")).isEqualTo(1);

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.connections("bot1")).isEqualTo(2);
            assertThat(fake.channelsOf("bot1")).containsExactly("mychannel");
            assertThat(bot.connected()).isTrue();
        });
        fake.inject("mychannel", "viewer1", "still there?");
        bot.send("mychannel", "yes");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(inbox.texts()).containsExactly("still there?");
            assertThat(fake.messagesFrom("bot1")).extracting(ChatLine::text).containsExactly("yes");
        });
        assertThat(events).extracting(ConnectionEvent::kind).containsExactly(
                ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.RECONNECTING, ConnectionEvent.Kind.CONNECTED);
        assertThat(logLines()).contains("bot=bot1 disconnected, reconnecting");
    }

    @Test
    void botsSeeEachOtherButNotThemselves() {
        Inbox inbox1 = new Inbox();
        Inbox inbox2 = new Inbox();
        ChatConnection bot1 = connectAndWait("bot1", Set.of("mychannel"), inbox1);
        connectAndWait("bot2", Set.of("mychannel"), inbox2);

        bot1.send("mychannel", "hi bot2");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(inbox2.received).extracting(Received::message)
                .singleElement().usingRecursiveComparison().ignoringFields("id", "userId", "roomId")
                .isEqualTo(new ChatMessage("mychannel", "bot1", "Bot1", "hi bot2", Permission.EVERYONE, NOW)));
        fake.inject("mychannel", "viewer1", "after");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(inbox1.texts()).containsExactly("after"));
    }

    @Test
    void aBotIgnoresItsOwnLinesWhenTwitchEchoesThemFromAnotherConnection() {
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), first);
        ChatConnection sameAccount = transport.connect("bot1", Secret.of(token("bot1")), Set.of("mychannel"), second);
        await().atMost(DEADLINE).until(() -> sameAccount.connected() && fake.openConnections("bot1") == 2);
        await().atMost(DEADLINE).until(() -> fake.joins("bot1").size() >= 2);

        bot.send("mychannel", "talking to myself");
        await().atMost(DEADLINE).until(() -> fake.messagesFrom("bot1").size() == 1);
        fake.inject("mychannel", "viewer1", "marker");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(first.texts()).containsExactly("marker");
            assertThat(second.texts()).containsExactly("marker");
        });
    }

    @Test
    void oneBotsJoinsPartsAndDropsLeaveTheOtherAlone() {
        ChatConnection bot1 = connectAndWait("bot1", Set.of("mychannel"), new Inbox());
        ChatConnection bot2 = connectAndWait("bot2", Set.of("mychannel"), new Inbox());

        bot1.join("otherchannel");
        bot1.part("mychannel");
        fake.dropConnections("bot1");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.connections("bot1")).isEqualTo(2);
            assertThat(fake.channelsOf("bot1")).containsExactly("otherchannel");
            assertThat(bot1.connected()).isTrue();
        });

        assertThat(fake.connections("bot2")).isEqualTo(1);
        assertThat(fake.joins("bot2")).containsOnly("mychannel");
        assertThat(fake.parts("bot2")).isEmpty();
        assertThat(bot2.connected()).isTrue();
        assertThat(events).filteredOn(e -> e.login().equals("bot2")).extracting(ConnectionEvent::kind)
                .containsExactly(ConnectionEvent.Kind.CONNECTED);
    }

    @Test
    void aRejectedTokenIsReportedAndNeverReachesChatUntilAGoodOneComes() {
        String bad = token("bot3");
        fake.rejectToken(bad);

        ChatConnection bot = transport.connect("bot3", Secret.of(bad), Set.of("mychannel"), new Inbox());

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(events).containsExactly(
                new ConnectionEvent("bot3", ConnectionEvent.Kind.TOKEN_REJECTED, REJECTED.formatted("bot3"))));
        assertThat(logLines()).contains("bot=bot3 " + REJECTED.formatted("bot3"));
        assertThat(fake.connections("bot3")).isZero();
        assertThat(bot.connected()).isFalse();
        bot.send("mychannel", "lost: not in chat");

        bot.reconnect(Secret.of(token("bot3")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.channelsOf("bot3")).containsExactly("mychannel");
            assertThat(bot.connected()).isTrue();
        });
        assertThat(fake.messagesFrom("bot3")).isEmpty();
    }

    @Test
    void aTokenRevokedWhileRunningIsReportedWhenTwitchRefusesTheNextLogin() {
        String token = token("bot4");
        ChatConnection bot = transport.connect("bot4", Secret.of(token), Set.of("mychannel"), new Inbox());
        await().atMost(DEADLINE).until(bot::connected);

        fake.rejectToken(token);
        fake.dropConnections("bot4");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(events).last()
                .isEqualTo(new ConnectionEvent("bot4", ConnectionEvent.Kind.TOKEN_REJECTED, REJECTED.formatted("bot4"))));
        // how many refused logins twitch4j's backoff squeezes in before the check is a race; one at least
        assertThat(fake.loginFailures("bot4")).isPositive();
        assertThat(events).extracting(ConnectionEvent::kind)
                .containsOnlyOnce(ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.TOKEN_REJECTED);
        assertThat(fake.openConnections("bot4")).isZero();
        assertThat(bot.connected()).isFalse();
        assertThat(bot.channels()).containsExactly("mychannel");
    }

    @Test
    void aRejectedNewTokenLeavesTheBotOnItsOldOne() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), new Inbox());
        String bad = token("bot1");
        fake.rejectToken(bad);

        bot.reconnect(Secret.of(bad));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(events).extracting(ConnectionEvent::kind)
                .containsExactly(ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.TOKEN_REJECTED));
        bot.send("mychannel", "still here");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.messagesFrom("bot1")).extracting(ChatLine::text)
                .containsExactly("still here"));
        assertThat(fake.connections("bot1")).isEqualTo(1);
        assertThat(bot.connected()).isTrue();
    }

    @Test
    void aNewTokenWhoseLoginTwitchRefusesLeavesTheBotOnItsOldConnection() {
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), new Inbox());
        String refused = token("bot1");
        fake.refuseChatLogin(refused); // validate accepts it; chat answers NOTICE Login authentication failed

        CredentialResult result = bot.replaceCredential(Secret.of(refused)).toCompletableFuture().join();

        assertThat(result).isEqualTo(CredentialResult.failed("Twitch refused the login with the new token (Login"
                + " authentication failed); " + REJECTED.formatted("bot1").substring("Twitch rejected the token; ".length())
                + "; the bot stays in chat on its old connection"));
        assertThat(fake.connections("bot1")).isEqualTo(2);
        assertThat(fake.loginFailures("bot1")).isEqualTo(1);
        bot.send("mychannel", "still here");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.timedMessagesFrom("bot1")).singleElement()
                .extracting(m -> m.connection()).isEqualTo(fake.connectionIds("bot1").get(0)));
        assertThat(fake.openConnections("bot1")).isEqualTo(1);
        assertThat(fake.parts("bot1")).isEmpty();
        assertThat(fake.quits("bot1")).isZero();
        assertThat(bot.connected()).isTrue();
        assertThat(logLines()).contains("bot=bot1 token switch failed: " + result.detail());
    }

    @Test
    void aNewConnectionWhoseJoinsAreNotConfirmedInTimeIsDroppedAndTheOldOneStays() {
        Inbox inbox = new Inbox();
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), inbox);
        String slow = token("bot1");
        fake.leaveJoinsUnanswered(slow);

        long started = System.nanoTime();
        CredentialResult result = bot.replaceCredential(Secret.of(slow)).toCompletableFuture().join();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(result).isEqualTo(CredentialResult.failed("Twitch did not confirm the join of #mychannel within 10 s;"
                + " the bot stays in chat on its old connection"));
        assertThat(tookMs).isBetween(9_000L, 15_000L);
        assertThat(fake.joins("bot1")).contains("mychannel");
        await().atMost(DEADLINE).until(() -> fake.openConnections("bot1") == 1);
        assertThat(fake.quits("bot1")).as("the unconfirmed connection closes quietly too").isZero();
        assertThat(fake.parts("bot1")).isEmpty();
        fake.inject("mychannel", "viewer1", "are you there?");
        await().atMost(DEADLINE).until(() -> inbox.texts().contains("are you there?"));
        bot.send("mychannel", "still here");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(fake.timedMessagesFrom("bot1")).singleElement()
                .extracting(m -> m.connection()).isEqualTo(fake.connectionIds("bot1").get(0)));
    }

    @Test
    void aLineThatArrivesOnBothConnectionsDuringASwitchIsDeliveredOnce() {
        Inbox inbox = new Inbox();
        ChatConnection bot = connectAndWait("bot1", Set.of("mychannel"), inbox);
        String slow = token("bot1");
        fake.leaveJoinsUnanswered(slow); // keeps both connections open while the viewer talks

        java.util.concurrent.CompletableFuture<CredentialResult> result =
                bot.replaceCredential(Secret.of(slow)).toCompletableFuture();
        await().atMost(DEADLINE).until(() -> fake.openConnections("bot1") == 2);
        // one line, one message id, on both connections (the new one's JOIN is unanswered, so by hand)
        assertThat(fake.injectToConnectionsOf("bot1", "mychannel", "viewer1", "twice?")).isEqualTo(2);
        await().atMost(DEADLINE).until(() -> inbox.texts().contains("twice?"));
        assertThat(result.join().applied()).isFalse();
        assertThat(inbox.texts()).containsOnlyOnce("twice?");
    }

    @Test
    void closeQuitsChatAndLeavesNoThreadBehind() {
        Set<Thread> before = nonDaemonThreads();
        ChatConnection bot1 = connectAndWait("bot1", Set.of("mychannel"), new Inbox());
        connectAndWait("bot2", Set.of("mychannel"), new Inbox());
        bot1.send("mychannel", "bye");
        fake.inject("mychannel", "viewer1", "bye bots");
        await().atMost(DEADLINE).until(() -> fake.messagesFrom("bot1").size() == 1);

        long started = System.nanoTime();
        transport.close();
        long closeMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("measured: closing two bots took %d ms%n", closeMs);

        assertThat(bot1.connected()).isFalse();
        // polling in this thread: Awaitility's own poller is a non-daemon thread
        await().atMost(DEADLINE).pollInSameThread().untilAsserted(() -> {
            assertThat(fake.openConnections("bot1") + fake.openConnections("bot2")).isZero();
            assertThat(nonDaemonThreads()).isSubsetOf(before);
            assertThat(threadNames()).noneMatch(name -> name.startsWith("twitch-bot"));
        });
        assertThat(logLines()).contains("bot=bot1 left chat", "bot=bot2 left chat");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String token(String login) {
        String token = fake.token(login);
        tokens.add(token);
        return token;
    }

    private ChatConnection connect(String login, Set<String> channels, Inbox inbox) {
        return transport.connect(login, Secret.of(token(login)), channels, inbox);
    }

    private ChatConnection connectAndWait(String login, Set<String> channels, Inbox inbox) {
        ChatConnection connection = connect(login, channels, inbox);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(connection.connected()).isTrue();
            assertThat(fake.channelsOf(login)).containsExactlyInAnyOrderElementsOf(
                    channels.stream().map(c -> c.replace("#", "").toLowerCase()).toList());
        });
        return connection;
    }

    private List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
