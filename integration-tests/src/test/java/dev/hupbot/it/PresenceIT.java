package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeEventSub;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.FakeTwitchServer.Presence;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot with {@code presence = "live"} follows the stream, seen from the fake Twitch: connected
 * but not joined while the stream is offline (no timer post, no AI request), JOIN on the same
 * connection when EventSub says the stream went live (intro once), PART when it ends, JOIN at
 * once after a SIGHUP switches it to {@code always}, and joined at start when the stream is live.
 */
class PresenceIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    /** Long enough for a 1 s timer to fire twice and an AI reply to be asked for. */
    static final Duration HOLD = Duration.ofSeconds(3);

    @TempDir Path dir;
    FakeTwitchServer twitch;
    FakeEventSub eventSub;
    FakeLlmServer llm;
    Path config;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    String crew(String presence) {
        return """
                [[bots]]
                name = "sticky"
                token = "${TOKEN_STICKY}"
                channels = ["mychannel"]
                presence = "%s"
                intro_message = "hi from sticky"
                min_delay_ms = 0
                max_delay_ms = 0
                [bots.ai]
                base_url = "%s"
                api_key = "${LLM_API_KEY}"
                model = "sticky-model"
                system_prompt = "You are Sticky."
                [[bots.timers]]
                message = "timer from sticky"
                interval_seconds = 1
                min_chat_lines = 0

                [[bots]]
                name = "anchor"
                token = "${TOKEN_ANCHOR}"
                channels = ["mychannel"]
                presence = "always"
                reply_chance = 0.0
                """.formatted(presence, llm.baseUrl());
    }

    @BeforeEach
    void servers() {
        twitch = FakeTwitchServer.start();
        eventSub = FakeEventSub.start(twitch);
        llm = FakeLlmServer.start();
        llm.answer("sticky-model", "hello from the model");
        env.put("LLM_API_KEY", "sk-presence-" + Long.toHexString(System.nanoTime()));
        env.put("TOKEN_STICKY", twitch.token("sticky"));
        env.put("TOKEN_ANCHOR", twitch.token("anchor"));
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
    }

    void startWith(String text) {
        startWith(text, eventSub.eventSubUrl());
    }

    void startWith(String text, String eventSubUrl) {
        ConfigFiles.save(config, text);
        hupbot = HupbotProcess.start(config, data, env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", eventSub.helixUrl(),
                "--twitch-eventsub-url", eventSubUrl, "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("anchor")).containsExactly("mychannel"));
    }

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
        llm.close();
        eventSub.close();
        twitch.close();
    }

    long count(String login, String text) {
        return twitch.messagesFrom(login).stream().map(ChatLine::text).filter(text::equals).count();
    }

    String statusText() {
        return Cli.run(Map.of(), "status", "--data", data.toString()).stdout();
    }

    JsonNode status() throws IOException {
        return new ObjectMapper().readTree(Files.readString(data.resolve("status.json")));
    }

    @Test
    void aLiveBotJoinsWhenTheStreamGoesLiveAndPartsWhenItEnds() throws IOException {
        startWith(crew("live"));
        // connected, subscribed, but not in the offline channel
        await().atMost(WAIT).until(() -> twitch.connections("sticky") == 1 && eventSub.subscriptions() == 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(status().path("streams").path("mychannel").asText()).isEqualTo("offline"));
        assertThat(twitch.joins("sticky")).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(statusText())
                .contains("streams: #mychannel offline", "away until the stream is live: sticky"));
        twitch.inject("mychannel", "viewer1", "@sticky are you there?");
        await().during(HOLD).atMost(HOLD.plusSeconds(2)).untilAsserted(() -> {
            assertThat(twitch.messagesFrom("sticky")).as("nothing from a bot away from an offline channel").isEmpty();
            assertThat(llm.requests("sticky-model")).as("no AI request while away").isEmpty();
        });
        int connection = twitch.connectionIds("sticky").get(0);

        eventSub.setLive("mychannel", true);
        await().atMost(WAIT).until(() -> !twitch.presences("sticky", "mychannel").isEmpty());
        Presence joined = twitch.presences("sticky", "mychannel").get(0);
        FakeEventSub.Sent online = eventSub.sent().get(0);
        System.out.printf("measured: stream.online notification -> JOIN answered: %.1f ms%n",
                (joined.joinedNanos() - online.atNanos()) / 1e6);
        assertThat(joined.connection()).as("the JOIN goes out on the open connection").isEqualTo(connection);
        assertThat(twitch.connectionIds("sticky")).containsExactly(connection);
        await().atMost(WAIT).until(() -> count("sticky", "timer from sticky") >= 1 && count("sticky", "hi from sticky") == 1);
        twitch.inject("mychannel", "viewer1", "@sticky are you there now?");
        await().atMost(WAIT).until(() -> !llm.requests("sticky-model").isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(status().path("streams").path("mychannel").asText()).isEqualTo("live"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(statusText())
                .contains("streams: #mychannel live", "away until the stream is live: none"));

        eventSub.setLive("mychannel", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.parts("sticky")).containsExactly("mychannel"));
        assertThat(twitch.channelsOf("sticky")).isEmpty();
        assertThat(count("sticky", "hi from sticky")).as("one intro for the one stream").isEqualTo(1);
        long timerPosts = count("sticky", "timer from sticky");
        await().during(HOLD).atMost(HOLD.plusSeconds(2)).untilAsserted(() ->
                assertThat(count("sticky", "timer from sticky")).as("no timer post while away").isEqualTo(timerPosts));

        long before = AuditRows.latestId(data);
        ConfigFiles.save(config, crew("always"));
        hupbot.signal("HUP");
        AuditRows.awaitAfter(data, before, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("sticky")).containsExactly("mychannel"));
        assertThat(twitch.connectionIds("sticky")).containsExactly(connection);
    }

    @Test
    void aLiveBotStartedWhileTheStreamIsLiveJoinsAtOnce() {
        eventSub.setLive("mychannel", true);
        startWith(crew("live"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("sticky")).containsExactly("mychannel"));
        await().atMost(WAIT).until(() -> count("sticky", "hi from sticky") == 1);
        List<Integer> ids = twitch.connectionIds("sticky");
        assertThat(ids).hasSize(1);
    }

    @Test
    void aSilentEventSubIsDroppedAndTheHelixCheckAfterTheReconnectCorrectsTheState() {
        eventSub.keepaliveSeconds(2);
        startWith(crew("live"));
        await().atMost(WAIT).until(() -> eventSub.subscriptions() == 2 && eventSub.streamChecks() >= 1);
        int welcomes = eventSub.welcomes();
        eventSub.keepalives(false);
        eventSub.setLiveQuietly("mychannel", true); // a missed stream.online
        await().atMost(WAIT).until(() -> eventSub.welcomes() > welcomes);
        eventSub.keepalives(true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("sticky")).containsExactly("mychannel"));
        assertThat(twitch.connectionIds("sticky")).hasSize(1);
        assertThat(hupbot.stderr()).anyMatch(l -> l.contains("EventSub said nothing for 7 s; connecting again"));
    }

    @Test
    void aSessionReconnectKeepsFollowingTheStream() {
        startWith(crew("live"));
        await().atMost(WAIT).until(() -> eventSub.subscriptions() == 2);
        int welcomes = eventSub.welcomes();
        eventSub.askToReconnect();
        await().atMost(WAIT).until(() -> eventSub.welcomes() > welcomes && eventSub.openSessions() == 1);
        assertThat(eventSub.setLive("mychannel", true)).as("the new session carries the subscriptions").isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("sticky")).containsExactly("mychannel"));
    }

    @Test
    void withEventSubUnreachableTheHelixCheckStillSetsTheStateAndSaysSoOnce() throws IOException {
        eventSub.setLive("mychannel", true);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        startWith(crew("live"), "ws://127.0.0.1:" + closedPort + "/ws");
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("sticky")).containsExactly("mychannel"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(hupbot.stderr()).filteredOn(l -> l.contains(
                "EventSub is unreachable; checking Helix every 60 s instead (check --twitch-eventsub-url)")).hasSize(1));
        assertThat(eventSub.welcomes()).isZero();
    }
}
