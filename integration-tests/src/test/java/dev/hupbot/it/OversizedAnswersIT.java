package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeHelixServer;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.Jar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB answer from the AI endpoint, from Helix or from the token check, to a hupbot on a 64 MB
 * heap: each is cut off at 1 MiB with one clear, redacted log line, the bots keep answering, and
 * SIGTERM still stops the process with exit 0. Before the cap, the answer was read whole: out of
 * memory in the reading threads, no more answers, SIGTERM ignored.
 */
class OversizedAnswersIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final long HUGE = 200L * 1024 * 1024;
    /** The cap plus whatever loopback socket buffers took before the client hung up. */
    static final long CUT_OFF = 32L * 1024 * 1024;
    static final String API_KEY = "sk-test-oversize-api-key";

    @TempDir Path dir;
    FakeTwitchServer twitch;
    FakeLlmServer llm;
    FakeHelixServer helix;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void servers() {
        twitch = FakeTwitchServer.start();
        llm = FakeLlmServer.start();
        helix = FakeHelixServer.start();
        env.put("LLM_API_KEY", API_KEY);
        for (String name : List.of("sticky", "warden")) {
            String token = twitch.token(name);
            env.put("TOKEN_" + name.toUpperCase(Locale.ROOT), token);
            helix.account(token, FakeTwitchServer.CLIENT_ID, name, twitch.userId(name));
        }
    }

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
        twitch.close();
        llm.close();
        helix.close();
    }

    String crew(String extra) {
        return """
                [defaults]
                channels = ["mychannel"]
                min_delay_ms = 0
                max_delay_ms = 0

                [defaults.ai]
                base_url = "%s"
                api_key = "${LLM_API_KEY}"

                [[bots]]
                name = "sticky"
                token = "${TOKEN_STICKY}"
                reply_chance = 0.0
                [bots.ai]
                model = "sticky-model"
                system_prompt = "You are Stickyman."
                [bots.commands.ping]
                response = "pong {user}"
                """.formatted(llm.baseUrl()) + extra;
    }

    static final String WARDEN = """

            [[bots]]
            name = "warden"
            token = "${TOKEN_WARDEN}"
            role = "moderator"
            [bots.ai]
            model = "mod-model"
            [bots.moderation]
            rules = ["no spam"]
            check_interval_seconds = 1
            max_timeout_seconds = 60
            exempt_roles = ["moderator", "broadcaster"]
            """;

    void start(String text, String... bots) {
        Path config = dir.resolve("bots.toml");
        ConfigFiles.save(config, text);
        // plain java -jar, without -XX:+ExitOnOutOfMemoryError: the cap alone must hold
        hupbot = HupbotProcess.start(Jar.javaCommand(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
                config, dir.resolve("data"), env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", helix.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String bot : bots) {
                assertThat(twitch.channelsOf(bot)).containsExactly("mychannel");
            }
        });
    }

    /** The endpoint as the log may show it: scheme, host and port, the rest elided. */
    static String redacted(String url) {
        int path = url.indexOf('/', "http://".length());
        return url.substring(0, path) + "/...";
    }

    List<String> logLines(String text) {
        return hupbot.stderr().stream().filter(l -> l.contains(text)).toList();
    }

    /** The bot still answers a command, and SIGTERM still stops the process cleanly. */
    void stillAnswersAndStops() {
        twitch.inject("mychannel", "viewer2", "!ping");
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.messagesFrom("sticky")).extracting(ChatLine::text)
                .contains("pong Viewer2"));
        hupbot.signal("TERM");
        assertThat(hupbot.awaitExit(WAIT)).isZero();
        assertThat(hupbot.stderr()).noneMatch(l -> l.contains("OutOfMemoryError") || l.contains(API_KEY));
    }

    @Test
    void aTwoHundredMegabyteAiAnswerIsCutOffAndTheBotsCarryOn() {
        llm.oversized(HUGE);
        start(crew(""), "sticky");

        twitch.inject("mychannel", "viewer1", "@sticky tell me everything");
        String line = "bot=sticky no AI reply to viewer1 in #mychannel: sticky-model: AI endpoint "
                + redacted(llm.baseUrl()) + " answered more than 1 MiB; check ai.base_url";
        hupbot.awaitStderr(0, l -> l.endsWith(line), WAIT);

        stillAnswersAndStops();
        assertThat(logLines("answered more than 1 MiB")).hasSize(1);
        assertThat(llm.requests()).hasSize(1);
        assertThat(llm.oversizedBytesSent()).isLessThan(CUT_OFF);
        System.out.println("bytes of the 200 MB AI answer taken before the cut-off: " + llm.oversizedBytesSent());
    }

    @Test
    void aTwoHundredMegabyteHelixAnswerIsCutOffAndTheBotsCarryOn() {
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":30}]}");
        helix.oversizeBans(HUGE);
        start(crew(WARDEN), "sticky", "warden");

        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");
        String line = "bot=warden could not time out spammer in #mychannel: Twitch Helix endpoint "
                + redacted(helix.helixUrl()) + " answered more than 1 MiB; check --twitch-helix-url";
        hupbot.awaitStderr(0, l -> l.endsWith(line), WAIT);

        stillAnswersAndStops();
        assertThat(logLines("answered more than 1 MiB")).hasSize(1);
        assertThat(helix.oversizedBytesSent()).isLessThan(CUT_OFF);
        System.out.println("bytes of the 200 MB Helix answer taken before the cut-off: " + helix.oversizedBytesSent());
    }

    @Test
    void aTwoHundredMegabyteTokenCheckAnswerToTheModeratorIsCutOffAndTheBotsCarryOn() {
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":30}]}");
        start(crew(WARDEN), "sticky", "warden");
        // the moderator asks who its token belongs to before its first timeout
        twitch.oversizeValidations(HUGE);

        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");
        String line = "bot=warden could not time out spammer in #mychannel: Twitch auth endpoint "
                + redacted(twitch.authUrl()) + " answered more than 1 MiB; check --twitch-auth-url";
        hupbot.awaitStderr(0, l -> l.endsWith(line), WAIT);

        stillAnswersAndStops();
        assertThat(logLines("answered more than 1 MiB")).hasSize(1);
        assertThat(twitch.oversizedBytesSent()).isLessThan(CUT_OFF);
        assertThat(helix.timeouts()).isEmpty();
    }

    @Test
    void aTwoHundredMegabyteTokenCheckAnswerAtLoginIsCutOffAndSigtermStillStops() {
        twitch.oversizeValidations(HUGE);
        Path config = dir.resolve("bots.toml");
        ConfigFiles.save(config, crew(""));
        hupbot = HupbotProcess.start(Jar.javaCommand(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
                config, dir.resolve("data"), env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", helix.helixUrl());

        // the token check, read by hupbot rather than twitch4j, is cut off like any other answer
        hupbot.awaitStderr(0, l -> l.endsWith("token check failed: Twitch auth endpoint " + redacted(twitch.authUrl())
                + " answered more than 1 MiB; check --twitch-auth-url"), WAIT);
        hupbot.awaitStderr(0, l -> l.contains("bot=sticky could not check the token at"), WAIT);

        hupbot.signal("TERM");
        assertThat(hupbot.awaitExit(WAIT)).isZero();
        assertThat(hupbot.stderr()).noneMatch(l -> l.contains("OutOfMemoryError"));
        int checks = logLines("answered more than 1 MiB").size();
        assertThat(twitch.oversizedBytesSent()).isLessThan(checks * CUT_OFF);
    }
}
