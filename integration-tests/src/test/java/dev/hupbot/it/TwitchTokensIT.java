package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.audit.Outcome;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.FakeTwitchServer.RefreshRequest;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bots' tokens at process level: the packaged jar against the fake Twitch server. A token Twitch
 * rejects keeps that bot alone out of chat (and {@code hupbot status} says so) until a reload
 * brings a good one; tokens with a refresh token are refreshed before they expire, in place.
 */
class TwitchTokensIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_ID = "hupbot-it-client-id";
    static final String CLIENT_SECRET = "hupbot-it-client-secret-9f8e7d";
    static final String REJECTED = "bot=charlie Twitch rejected the token; generate a new token for the charlie account"
            + " with the chat:read and chat:edit scopes, set it as this bot's token and reload";

    @TempDir Path dir;
    FakeTwitchServer twitch;
    Path config;
    Path data;
    @Nullable HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();
    /** Every token, refresh token and secret the test handed out: none may reach hupbot's output. */
    final List<String> secrets = new ArrayList<>();

    /** One bot's TOML; {@code extra} goes at the end of its table. */
    static String bot(String name, String token, String extra) {
        return """

                [[bots]]
                name = "%s"
                token = "%s"
                channels = ["mychannel"]
                %s
                [bots.commands.ping]
                response = "pong {args} from {bot}"
                """.formatted(name, token, extra);
    }

    static String variable(String prefix, String name) {
        return "${" + prefix + "_" + name.toUpperCase(Locale.ROOT) + "}";
    }

    @BeforeEach
    void start() {
        twitch = FakeTwitchServer.start();
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
    }

    @AfterEach
    void stop() {
        HupbotProcess process = hupbot;
        if (process != null) {
            process.close();
        }
        twitch.close();
        for (RefreshRequest r : twitch.refreshRequests()) {
            secrets.add(r.field("refresh_token"));
            if (r.accessToken() != null) {
                secrets.add(r.accessToken());
            }
            if (r.refreshToken() != null) {
                secrets.add(r.refreshToken());
            }
        }
        if (process != null) {
            for (String secret : secrets) {
                assertThat(process.stderr()).noneMatch(l -> l.contains(secret));
                assertThat(process.stdout()).noneMatch(l -> l.contains(secret));
            }
        }
    }

    String token(String login) {
        String token = twitch.token(login);
        secrets.add(token);
        return token;
    }

    String refreshToken(String login) {
        String token = twitch.refreshToken(login);
        secrets.add(token);
        return token;
    }

    void write(String text) {
        ConfigFiles.save(config, text);
    }

    HupbotProcess run(String... extra) {
        List<String> args = new ArrayList<>(List.of("--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", twitch.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED"));
        args.addAll(List.of(extra));
        HupbotProcess process = HupbotProcess.start(config, data, env, args.toArray(String[]::new));
        hupbot = process;
        return process;
    }

    void awaitInChat(String... names) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : names) {
                assertThat(twitch.channelsOf(name)).as("channels of %s", name).containsExactly("mychannel");
            }
        });
    }

    /** A viewer's {@code !ping}: every bot in {@code answering} answers it once. */
    void assertAnswered(String args, String... answering) {
        twitch.inject("mychannel", "viewer1", "!ping " + args);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : answering) {
                assertThat(twitch.messagesFrom(name)).extracting(ChatLine::text).containsOnlyOnce("pong " + args + " from " + name);
            }
        });
    }

    Cli.Result status(String... flags) {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--data", data.toString()));
        return Cli.run(env, args.toArray(String[]::new));
    }

    /** Polls {@code status --json} (rewritten every 2 s) until each named bot's {@code connected} is as given. */
    JsonNode awaitStatus(Map<String, Boolean> connected) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Cli.Result result = status("--json");
            if (result.stdout().isBlank()) {
                return false;
            }
            JsonNode root = JSON.readTree(result.stdout());
            last[0] = root;
            Map<String, Boolean> seen = new LinkedHashMap<>();
            root.path("bots").forEach(b -> seen.put(b.path("name").asText(), b.path("connected").asBoolean()));
            return seen.equals(connected);
        });
        return last[0];
    }

    @Test
    void aRejectedTokenStopsThatBotAloneUntilAReloadBringsAGoodOne() {
        for (String name : List.of("alpha", "bravo", "charlie")) {
            env.put("TOKEN_" + name.toUpperCase(Locale.ROOT), token(name));
        }
        twitch.rejectToken(env.get("TOKEN_CHARLIE"));
        String crew = bot("alpha", variable("TOKEN", "alpha"), "") + bot("bravo", variable("TOKEN", "bravo"), "");
        write(crew + bot("charlie", variable("TOKEN", "charlie"), ""));
        HupbotProcess process = run();

        awaitInChat("alpha", "bravo");
        process.awaitStderr(0, l -> l.endsWith(REJECTED), WAIT);
        assertAnswered("1", "alpha", "bravo");
        assertThat(twitch.connections("charlie")).as("the rejected token never reaches chat").isZero();
        assertThat(twitch.messagesFrom("charlie")).isEmpty();

        Map<String, Boolean> charlieOut = new LinkedHashMap<>();
        charlieOut.put("alpha", true);
        charlieOut.put("bravo", true);
        charlieOut.put("charlie", false);
        JsonNode root = awaitStatus(charlieOut);
        assertThat(root.path("pid").asLong()).isEqualTo(process.pid());
        assertThat(root.path("bots").path(2).path("enabled").asBoolean()).isTrue();
        Cli.Result json = status("--json");
        assertThat(json.exitCode()).as("status of a crew with a bot out of chat").isEqualTo(1);
        Cli.Result health = status("--health");
        assertThat(health.exitCode()).isEqualTo(1);
        assertThat(health.stderr()).isEqualTo("unhealthy: bot charlie is not connected\n");
        assertThat(status().stdout()).contains("! bot charlie is not connected");

        // The operator replaces the token (a literal: the process environment cannot change) and reloads.
        int connectionsBefore = twitch.connections("alpha") + twitch.connections("bravo");
        long before = AuditRows.latestId(data);
        write(crew + bot("charlie", token("charlie"), ""));
        process.signal("HUP");
        assertThat(AuditRows.awaitAfter(data, before, WAIT).outcome()).isEqualTo(Outcome.APPLIED);

        awaitInChat("charlie");
        assertAnswered("2", "alpha", "bravo", "charlie");
        awaitStatus(Map.of("alpha", true, "bravo", true, "charlie", true));
        Cli.Result healthy = status("--health");
        assertThat(healthy.exitCode()).isZero();
        assertThat(healthy.stderr()).isEmpty();
        assertThat(twitch.connections("alpha") + twitch.connections("bravo")).as("the others stayed connected")
                .isEqualTo(connectionsBefore);
        assertThat(twitch.connections("charlie")).isEqualTo(1);
    }

    @Test
    void tokensAreRefreshedBeforeTheyExpireWithoutAReconnect() {
        // Tokens live 5 s; with a 1 s minimum margin they are refreshed at 80%: 4 s after each validate or refresh.
        twitch.tokenLifetime(Duration.ofSeconds(5));
        twitch.clientCredentials(CLIENT_ID, CLIENT_SECRET);
        secrets.add(CLIENT_SECRET);
        env.put("TWITCH_CLIENT_ID", CLIENT_ID);
        env.put("TWITCH_CLIENT_SECRET", CLIENT_SECRET);
        String alphaToken = token("alpha");
        String alphaRefresh = refreshToken("alpha");
        env.put("TOKEN_ALPHA", alphaToken);
        env.put("REFRESH_ALPHA", alphaRefresh);
        env.put("TOKEN_BRAVO", token("bravo"));
        write(bot("alpha", variable("TOKEN", "alpha"), "refresh_token = \"" + variable("REFRESH", "alpha") + "\"")
                + bot("bravo", variable("TOKEN", "bravo"), ""));
        HupbotProcess process = run("--twitch-refresh-margin", "1s");
        awaitInChat("alpha", "bravo");

        await().atMost(WAIT).until(() -> twitch.refreshRequests().size() >= 2);
        RefreshRequest first = twitch.refreshRequests().get(0);
        assertThat(first.form()).isEqualTo(Map.of("grant_type", "refresh_token", "refresh_token", alphaRefresh,
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        assertThat(first.status()).isEqualTo(200);
        RefreshRequest second = twitch.refreshRequests().get(1);
        assertThat(second.field("refresh_token")).as("the rotated refresh token").isEqualTo(first.refreshToken());
        assertThat(second.status()).isEqualTo(200);
        assertThat(process.stderr()).anyMatch(l -> l.endsWith("bot=alpha token refreshed, expires in 5 s"));

        assertThat(twitch.connections("alpha")).as("a refresh is no reconnect").isEqualTo(1);
        assertAnswered("1", "alpha", "bravo");
        awaitStatus(Map.of("alpha", true, "bravo", true));

        // the next login takes the newest token: the one in the file no longer works
        twitch.rejectToken(alphaToken);
        twitch.dropConnections("alpha");
        await().atMost(WAIT).until(() -> twitch.connections("alpha") == 2 && twitch.channelsOf("alpha").contains("mychannel"));
        assertThat(twitch.loginFailures("alpha")).isZero();
        assertAnswered("2", "alpha");

        // bravo has no refresh token: one warning, however long it runs
        assertThat(process.stderr()).filteredOn(l -> l.contains("bot=bravo token expires in")).singleElement().asString()
                .matches(".* WARN .*bot=bravo token expires in \\d s; set refresh_token with"
                        + " TWITCH_CLIENT_ID/TWITCH_CLIENT_SECRET, or replace the token and reload");
        assertThat(twitch.refreshRequests()).allMatch(r -> r.field("refresh_token").startsWith("refresh"))
                .noneMatch(r -> r.status() != 200);
    }

    @Test
    void aRefusedRefreshIsLoggedWithTheFixAndTheBotStaysInChat() {
        twitch.tokenLifetime(Duration.ofSeconds(5));
        twitch.refuseRefreshes(400);
        secrets.add(CLIENT_SECRET);
        env.put("TWITCH_CLIENT_ID", CLIENT_ID);
        env.put("TWITCH_CLIENT_SECRET", CLIENT_SECRET);
        env.put("TOKEN_ALPHA", token("alpha"));
        env.put("REFRESH_ALPHA", refreshToken("alpha"));
        write(bot("alpha", variable("TOKEN", "alpha"), "refresh_token = \"" + variable("REFRESH", "alpha") + "\""));
        HupbotProcess process = run("--twitch-refresh-margin", "1s");
        awaitInChat("alpha");

        process.awaitStderr(0, l -> l.endsWith("bot=alpha token refresh failed (HTTP 400); generate a new token and"
                + " refresh_token for alpha and reload (next try in 30 s)"), WAIT);
        assertThat(twitch.connections("alpha")).isEqualTo(1);
        assertAnswered("1", "alpha");
    }
}
