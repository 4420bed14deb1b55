package dev.hupbot.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.it.support.FakeTwitchServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device login's pacing against the fake Twitch server, with a sleeper that moves a test clock. */
class DeviceLoginTest {
    @TempDir Path dir;
    private final MutableClock clock = MutableClock.start();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final StringWriter printed = new StringWriter();
    private FakeTwitchServer twitch;
    private TokenStore store;

    @BeforeEach
    void start() {
        twitch = FakeTwitchServer.start();
        store = new TokenStore(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        twitch.close();
    }

    private DeviceLogin login(DeviceLogin.Sleeper sleeper) {
        return new DeviceLogin(new TwitchOAuth(twitch.authUrl()), "client-id-1", store, clock, sleeper, new PrintWriter(printed));
    }

    @Test
    void aCodeNobodyApprovesRunsOutOnTheClockWithoutWaitingForTwitchToSaySo() {
        twitch.deviceTiming(Duration.ofSeconds(2), Duration.ofSeconds(10));
        DeviceLogin.Result result = login(d -> {
            sleeps.add(d);
            clock.advance(d);
        }).login("chatty", List.of("chat:read", "chat:edit"));

        assertThat(result.exitCode()).isEqualTo(DeviceLogin.REFUSED);
        assertThat(result.message()).isEqualTo("bot chatty: the code expired before it was approved; nothing stored."
                + " Run hupbot auth login chatty again and enter the new code sooner");
        assertThat(sleeps).hasSize(5).containsOnly(Duration.ofSeconds(2));
        assertThat(printed.toString()).contains("Waiting for the approval (the code expires in 10 s)...");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void slowDownAddsFiveSecondsToEveryLaterPoll() {
        twitch.deviceTiming(Duration.ofSeconds(1), Duration.ofSeconds(600));
        DeviceLogin.Result result = login(d -> {
            sleeps.add(d);
            clock.advance(d);
            String code = twitch.pendingUserCodes().get(0);
            if (sleeps.size() == 1) {
                twitch.slowDownDevice(code);
            } else if (sleeps.size() == 3) {
                twitch.approveDevice(code, "chatty", "chat:read", "chat:edit");
            }
        }).login("chatty", List.of("chat:read", "chat:edit"));

        assertThat(result.exitCode()).as(result.message()).isEqualTo(DeviceLogin.STORED);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(6));
        assertThat(store.get("chatty")).isPresent();
    }
}
