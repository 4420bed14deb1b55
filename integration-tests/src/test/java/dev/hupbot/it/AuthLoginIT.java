package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hupbot auth login|status|logout} as processes against the fake Twitch's device flow, and
 * {@code hupbot run} logging bots in from the token store it wrote. Approvals are control calls
 * on the fake, as a person at twitch.tv/activate would make them.
 */
class AuthLoginIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String CLIENT_ID = "hupbot-public-client-id";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    FakeTwitchServer twitch;
    Path config;
    Path data;
    final Map<String, String> env = new HashMap<>();
    HupbotProcess hupbot;

    @BeforeEach
    void start() throws IOException {
        twitch = FakeTwitchServer.start();
        twitch.deviceTiming(Duration.ofSeconds(1), Duration.ofSeconds(1800));
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        env.put("TWITCH_CLIENT_ID", CLIENT_ID);
        Files.writeString(config, """
                [[bots]]
                name = "chatty"
                channels = ["mychannel"]
                intro_message = "hi from chatty"

                [[bots]]
                name = "warden"
                role = "moderator"
                channels = ["mychannel"]
                """);
    }

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
        twitch.close();
    }

    /** Runs {@code auth login NAME} and answers the first device login with {@code approve}. */
    private Cli.Result login(String name, Consumer<String> approve) {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> auth("login", name));
        String code = await().atMost(WAIT).until(() -> twitch.pendingUserCodes().stream().findFirst().orElse(null),
                c -> c != null || run.isDone());
        if (code != null) {
            approve.accept(code);
        }
        return run.join();
    }

    private Cli.Result auth(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("auth"));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", config.toString(), "--data", data.toString(), "--twitch-auth-url", twitch.authUrl()));
        return Cli.run(env, command.toArray(String[]::new));
    }

    private Path store() {
        return data.resolve("tokens.json");
    }

    @Test
    void theRightAccountIsStoredPrivately() throws IOException {
        Cli.Result result = login("chatty", code -> twitch.approveDevice(code, "chatty", "chat:read", "chat:edit"));

        System.out.println("auth login session:\n" + result.stdout() + result.stderr());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .containsPattern("To log in bot chatty, open http://127\\.0\\.0\\.1:\\d+/oauth2/activate\\?device-code=\\w+\\n")
                .containsPattern("and enter the code \\w+ while signed in to Twitch as chatty\\.\\n")
                .contains("Scopes asked for: chat:read chat:edit\n")
                .contains("Waiting for the approval (the code expires in 30 min)...\n")
                .containsPattern("bot chatty: logged in as chatty with chat:read chat:edit; token stored in .*tokens\\.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store()))).isEqualTo("rw-------");
        JsonNode entry = JSON.readTree(store().toFile()).path("tokens").path("chatty");
        assertThat(entry.path("login").asText()).isEqualTo("chatty");
        assertThat(twitch.knows(entry.path("access_token").asText())).isTrue();
        assertThat(twitch.knows(entry.path("refresh_token").asText())).isTrue();
    }

    @Test
    void anotherAccountIsRefusedAndNothingIsStored() {
        Cli.Result result = login("chatty", code -> twitch.approveDevice(code, "someoneelse", "chat:read", "chat:edit"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("bot chatty: the code was approved by Twitch account someoneelse, not chatty;"
                + " nothing stored. Sign in to Twitch as chatty (a private browser window helps) and run hupbot auth login"
                + " chatty again");
        assertThat(store()).doesNotExist();
        assertThat(twitch.revocations()).as("the stray grant is revoked").hasSize(1);
    }

    @Test
    void aModeratorWithoutTheBanScopeIsRefused() {
        Cli.Result result = login("warden", code -> twitch.approveDevice(code, "warden", "chat:read", "chat:edit"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("Scopes asked for: chat:read chat:edit moderator:manage:banned_users");
        assertThat(result.stderr()).contains("bot warden: the token lacks moderator:manage:banned_users; nothing stored."
                + " Run hupbot auth login warden again and approve every scope");
        assertThat(store()).doesNotExist();
    }

    @Test
    void denialExpiryAndSlowDownAreToldApart() {
        Cli.Result denied = login("chatty", twitch::denyDevice);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("bot chatty: the login was denied at Twitch; nothing stored.");

        Cli.Result expired = login("chatty", twitch::expireDevice);
        assertThat(expired.exitCode()).isEqualTo(1);
        assertThat(expired.stderr()).contains("bot chatty: the code expired before it was approved; nothing stored.");

        // slow_down: the next poll comes 1 + 5 s later, then the approval goes through
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> auth("login", "chatty"));
        String code = await().atMost(WAIT).until(() -> twitch.pendingUserCodes().stream().findFirst().orElse(null), c -> c != null);
        twitch.slowDownDevice(code);
        await().atMost(WAIT).until(() -> twitch.devicePolls(code) >= 1);
        long slowed = System.nanoTime();
        twitch.approveDevice(code, "chatty", "chat:read", "chat:edit");
        Cli.Result ok = run.join();
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - slowed)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(store()).exists();
    }

    @Test
    void troubleIsExitTwo() {
        env.remove("TWITCH_CLIENT_ID");
        Cli.Result noClient = auth("login", "chatty");
        assertThat(noClient.exitCode()).isEqualTo(2);
        assertThat(noClient.stderr()).contains("hupbot auth login: TWITCH_CLIENT_ID is not set; register an application at"
                + " https://dev.twitch.tv/console/apps (client type: Public) and set TWITCH_CLIENT_ID to its client id");

        env.put("TWITCH_CLIENT_ID", CLIENT_ID);
        Cli.Result unknown = auth("login", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("hupbot auth login: no bot nobody in " + config + "; bots there: chatty, warden");

        Cli.Result unreachable = Cli.run(env, "auth", "login", "chatty", "--config", config.toString(), "--data",
                data.toString(), "--twitch-auth-url", "http://127.0.0.1:1/oauth2");
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.stderr()).contains("hupbot auth login: no answer from http://127.0.0.1:1/oauth2/device");
        assertThat(store()).doesNotExist();
    }

    @Test
    void statusShowsEachSourceAndLogoutRevokes() throws IOException {
        env.put("TWITCH_TOKEN_WARDEN", twitch.token("warden", List.of("chat:read", "chat:edit", "moderator:manage:banned_users")));
        Files.writeString(config, Files.readString(config).replace("role = \"moderator\"",
                "role = \"moderator\"\ntoken = \"${TWITCH_TOKEN_WARDEN}\""));
        assertThat(login("chatty", code -> twitch.approveDevice(code, "chatty", "chat:read", "chat:edit")).exitCode()).isZero();

        Cli.Result status = auth("status");
        System.out.println("auth status:\n" + status.stdout());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).containsPattern("(?m)^BOT +SOURCE +STATE +LOGIN +SCOPES +EXPIRES IN +LAST VALIDATED$")
                .containsPattern("(?m)^chatty +store +valid +chatty +chat:read chat:edit +\\d+ h \\d+ min +\\d{4}-")
                .containsPattern("(?m)^warden +env +valid +warden +chat:read chat:edit moderator:manage:banned_users +");
        JsonNode json = JSON.readTree(auth("status", "--json").stdout());
        assertThat(json.get(0).path("source").asText()).isEqualTo("store");
        assertThat(json.get(1).path("source").asText()).isEqualTo("env");

        String refresh = JSON.readTree(store().toFile()).path("tokens").path("chatty").path("refresh_token").asText();
        Cli.Result logout = auth("logout", "chatty");
        assertThat(logout.exitCode()).as(logout.stderr()).isZero();
        assertThat(logout.stdout()).contains("bot chatty: token revoked at Twitch and removed from");
        assertThat(twitch.knows(refresh)).isFalse();
        assertThat(JSON.readTree(store().toFile()).path("tokens").has("chatty")).isFalse();
        Cli.Result after = auth("status");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.stdout()).contains("! bots[chatty]: no token; run `hupbot auth login chatty` or set token");
    }

    @Test
    void aBotWithNoTokenWaitsForALoginThenChatsAndSurvivesARestartAfterARotation() {
        twitch.tokenLifetime(Duration.ofSeconds(4));
        hupbot = run();
        hupbot.awaitStderr(0, l -> l.contains("bots[chatty]: no token; run `hupbot auth login chatty` or set token"), WAIT);
        assertThat(twitch.connections("chatty")).isZero();

        // a login in another terminal: the running bot picks it up without a reload
        assertThat(login("chatty", code -> twitch.approveDevice(code, "chatty", "chat:read", "chat:edit")).exitCode()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("chatty")).containsExactly("mychannel"));

        // tokens live 4 s: the process refreshes, the fake spends each refresh token once used
        await().atMost(WAIT).until(() -> twitch.refreshRequests().stream().filter(r -> r.status() == 200).count() >= 2);
        assertThat(twitch.connections("chatty")).as("a refresh needs no new chat connection").isEqualTo(1);
        String latest = twitch.refreshRequests().get(twitch.refreshRequests().size() - 1).refreshToken();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(store())).contains(latest));
        hupbot.signal("KILL");
        hupbot.awaitExit(WAIT);
        hupbot.close();
        int connectionsBefore = twitch.connections("chatty");
        long refreshesBefore = twitch.refreshRequests().size();

        hupbot = run();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(twitch.connections("chatty")).isGreaterThan(connectionsBefore);
            assertThat(twitch.channelsOf("chatty")).containsExactly("mychannel");
        });
        await().atMost(WAIT).until(() -> twitch.refreshRequests().size() > refreshesBefore);
        assertThat(twitch.refreshRequests()).as("no spent refresh token was ever presented")
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(twitch.loginFailures("chatty")).isZero();
    }

    @Test
    void aRevokedTokenTakesThatBotAloneOutOfChat() {
        assertThat(login("chatty", code -> twitch.approveDevice(code, "chatty", "chat:read", "chat:edit")).exitCode()).isZero();
        hupbot = run();
        await().atMost(WAIT).untilAsserted(() -> assertThat(twitch.channelsOf("chatty")).containsExactly("mychannel"));
        // Twitch ends the grant (the user disconnected the app): the next chat login is refused
        Cli.Result logout = auth("logout", "chatty");
        assertThat(logout.exitCode()).isZero();
        twitch.dropConnections("chatty");
        hupbot.awaitStderr(0, l -> l.contains("bot=chatty Twitch rejected the token"), WAIT);
    }

    private HupbotProcess run() {
        return HupbotProcess.start(config, data, env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", twitch.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED", "--twitch-refresh-margin", "1s");
    }
}
