package dev.hupbot.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake Twitch server itself, driven by the JDK's own HTTP and WebSocket clients (no twitch4j). */
class FakeTwitchServerIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeTwitchServer fake = FakeTwitchServer.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void validateDescribesAKnownTokenAndRefusesOthers() throws Exception {
        String token = fake.token("Bot1");

        HttpResponse<String> ok = validate("OAuth " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"login\":\"bot1\"", "\"scopes\":[\"chat:read\",\"chat:edit\"]",
                "\"expires_in\":", "\"user_id\":\"");

        assertThat(validate("OAuth someoneelses").statusCode()).isEqualTo(401);
        fake.rejectToken(token);
        assertThat(validate("OAuth " + token).statusCode()).isEqualTo(401);
        assertThat(fake.validations("bot1")).isEqualTo(2);
    }

    @Test
    void validateGivesTheConfiguredLifetime() throws Exception {
        String token = fake.token("bot1");
        assertThat(validate("OAuth " + token).body()).contains("\"expires_in\":5183999}");

        fake.tokenLifetime(Duration.ofSeconds(5));
        assertThat(validate("OAuth " + token).body()).contains("\"expires_in\":5}");
    }

    @Test
    void aRefreshTokenBuysANewAcceptedTokenAndIsSpentWhenRotated() throws Exception {
        fake.clientCredentials("app-id", "app-secret");
        fake.tokenLifetime(Duration.ofSeconds(90));
        String refresh = fake.refreshToken("Bot1");

        HttpResponse<String> ok = refresh("grant_type=refresh_token&refresh_token=" + refresh
                + "&client_id=app-id&client_secret=app-secret");

        assertThat(ok.statusCode()).isEqualTo(200);
        FakeTwitchServer.RefreshRequest recorded = fake.refreshRequests().get(0);
        assertThat(recorded.form()).isEqualTo(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", "app-id", "client_secret", "app-secret"));
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.refreshToken()).isNotEqualTo(refresh);
        assertThat(ok.body()).isEqualTo("{\"access_token\":\"" + recorded.accessToken() + "\",\"expires_in\":90,"
                + "\"refresh_token\":\"" + recorded.refreshToken() + "\",\"scope\":[\"chat:read\",\"chat:edit\"],"
                + "\"token_type\":\"bearer\"}");
        assertThat(validate("OAuth " + recorded.accessToken()).body()).contains("\"login\":\"bot1\"");
        // rotated: the old refresh token is spent, the new one works
        assertThat(refresh("grant_type=refresh_token&refresh_token=" + refresh
                + "&client_id=app-id&client_secret=app-secret").statusCode()).isEqualTo(400);
        assertThat(refresh("grant_type=refresh_token&refresh_token=" + recorded.refreshToken()
                + "&client_id=app-id&client_secret=app-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void refreshesAreRefusedForAnotherApplicationOrWhenTheTestSaysSo() throws Exception {
        fake.clientCredentials("app-id", "app-secret");
        fake.rotateRefreshTokens(false);
        String refresh = fake.refreshToken("bot1");
        String form = "grant_type=refresh_token&refresh_token=" + refresh;

        assertThat(refresh(form + "&client_id=other&client_secret=app-secret").body())
                .isEqualTo("{\"status\":400,\"message\":\"invalid client\"}");
        assertThat(refresh(form + "&client_id=app-id&client_secret=wrong").statusCode()).isEqualTo(403);
        fake.refuseRefreshes(400);
        assertThat(refresh(form + "&client_id=app-id&client_secret=app-secret").statusCode()).isEqualTo(400);
        fake.acceptRefreshes();
        assertThat(refresh(form + "&client_id=app-id&client_secret=app-secret").statusCode()).isEqualTo(200);
        assertThat(refresh(form + "&client_id=app-id&client_secret=app-secret").statusCode()).as("not rotated").isEqualTo(200);
        assertThat(fake.refreshRequests()).extracting(FakeTwitchServer.RefreshRequest::status)
                .containsExactly(400, 403, 400, 200, 200);
    }

    @Test
    void recordsTheTokenOfEachLogin() {
        String token = fake.token("bot1");
        IrcClient bot = new IrcClient(fake.ircUrl());
        bot.send("PASS oauth:" + token);
        bot.send("NICK bot1");

        await().atMost(DEADLINE).until(() -> fake.loginTokens("bot1").size() == 1);
        assertThat(fake.loginTokens("Bot1")).containsExactly(token);
        bot.close();
    }

    @Test
    void speaksTwitchsLoginAndJoinDialogue() {
        IrcClient bot = new IrcClient(fake.ircUrl());
        bot.send("CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership");
        bot.send("PASS oauth:" + fake.token("bot1"));
        bot.send("NICK bot1");
        bot.send("JOIN #mychannel");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(bot.lines()).anyMatch(l -> l.endsWith("ROOMSTATE #mychannel")));
        List<String> lines = bot.lines();
        assertThat(lines).startsWith(
                ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands twitch.tv/membership",
                ":tmi.twitch.tv 001 bot1 :Welcome, GLHF!");
        assertThat(lines).anyMatch(l -> l.endsWith(":tmi.twitch.tv GLOBALUSERSTATE"))
                .contains(":bot1!bot1@bot1.tmi.twitch.tv JOIN #mychannel", ":bot1.tmi.twitch.tv 353 bot1 = #mychannel :bot1")
                .anyMatch(l -> l.endsWith(":tmi.twitch.tv USERSTATE #mychannel"));
        assertThat(fake.connections("bot1")).isEqualTo(1);
        assertThat(fake.joins("bot1")).containsExactly("mychannel");
        bot.close();
    }

    @Test
    void passesAMessageOnToTheOthersInTheChannelButNotBackToItsSender() {
        IrcClient bot1 = loggedIn("bot1", "mychannel");
        IrcClient bot2 = loggedIn("bot2", "mychannel");
        IrcClient elsewhere = loggedIn("bot3", "otherchannel");

        bot1.send("PRIVMSG #mychannel :hello there");
        await().atMost(DEADLINE).until(() -> fake.messagesFrom("bot1").size() == 1);
        assertThat(fake.inject("mychannel", "viewer1", "!hello", Badges.MODERATOR, Badges.SUBSCRIBER)).isEqualTo(2);

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(privmsgs(bot2)).hasSize(2));
        assertThat(privmsgs(bot2).get(0)).matches("@badge-info=;badges=;.*;display-name=Bot1;.*"
                + " :bot1!bot1@bot1\\.tmi\\.twitch\\.tv PRIVMSG #mychannel :hello there");
        assertThat(privmsgs(bot2).get(1)).matches("@badge-info=;badges=moderator/1,subscriber/12;.*;mod=1;.*;subscriber=1;.*"
                + " :viewer1!viewer1@viewer1\\.tmi\\.twitch\\.tv PRIVMSG #mychannel :!hello");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(privmsgs(bot1)).hasSize(1));
        assertThat(privmsgs(bot1).get(0)).endsWith("PRIVMSG #mychannel :!hello");
        assertThat(privmsgs(elsewhere)).isEmpty();
        assertThat(fake.messagesFrom("bot1")).containsExactly(new ChatLine("bot1", "mychannel", "hello there"));
        assertThat(fake.messagesIn("#MyChannel")).containsExactly(
                new ChatLine("bot1", "mychannel", "hello there"), new ChatLine("viewer1", "mychannel", "!hello"));
        List.of(bot1, bot2, elsewhere).forEach(IrcClient::close);
    }

    @Test
    void refusesALoginWithATokenItDoesNotKnowAndHangsUp() {
        IrcClient bot = new IrcClient(fake.ircUrl());
        bot.send("PASS oauth:notatoken");
        bot.send("NICK bot1");

        await().atMost(DEADLINE).until(bot::closedByServer);
        assertThat(bot.lines()).containsExactly(":tmi.twitch.tv NOTICE * :Login authentication failed");
        assertThat(fake.loginFailures("bot1")).isEqualTo(1);
        assertThat(fake.connections("bot1")).isEqualTo(1);
    }

    @Test
    void dropsAndPingsTheConnectionsOfOneLogin() {
        IrcClient bot1 = loggedIn("bot1", "mychannel");
        IrcClient bot2 = loggedIn("bot2", "mychannel");

        assertThat(fake.ping("bot1")).isEqualTo(1);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(bot1.lines()).contains("PING :tmi.twitch.tv"));
        bot1.send("PONG :tmi.twitch.tv");
        await().atMost(DEADLINE).until(() -> fake.pongs("bot1") == 1);

        assertThat(fake.dropConnections("bot1")).isEqualTo(1);
        await().atMost(DEADLINE).until(bot1::closedByServer);
        assertThat(fake.openConnections("bot1")).isZero();
        assertThat(fake.openConnections("bot2")).isEqualTo(1);
        assertThat(bot2.closedByServer()).isFalse();
        bot2.close();
    }

    @Test
    void startsAndStopsQuicklyFreesItsPortsAndLeavesNoThreadThatHoldsTheJvm() throws IOException {
        Set<Thread> before = nonDaemonThreads();
        long started = System.nanoTime();
        FakeTwitchServer other = FakeTwitchServer.start();
        int ircPort = URI.create(other.ircUrl()).getPort();
        int httpPort = URI.create(other.authUrl()).getPort();
        assertThat(nonDaemonThreads()).isSubsetOf(before);
        IrcClient bot = loggedIn(other, "bot1", "mychannel");

        other.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("measured: fake Twitch server start, one login, stop: %d ms%n", tookMs);

        await().atMost(DEADLINE).until(bot::closedByServer);
        for (int port : List.of(ircPort, httpPort)) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(tookMs).isLessThan(DEADLINE.toMillis());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private HttpResponse<String> validate(String authorization) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.authUrl() + "/validate"))
                .header("Authorization", authorization).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> refresh(String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.authUrl() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private IrcClient loggedIn(String login, String channel) {
        return loggedIn(fake, login, channel);
    }

    private static IrcClient loggedIn(FakeTwitchServer server, String login, String channel) {
        IrcClient client = new IrcClient(server.ircUrl());
        client.send("PASS oauth:" + server.token(login));
        client.send("NICK " + login);
        client.send("JOIN #" + channel);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.lines()).anyMatch(l -> l.endsWith("ROOMSTATE #" + channel)));
        return client;
    }

    private static List<String> privmsgs(IrcClient client) {
        return client.lines().stream().filter(l -> l.contains(" PRIVMSG ")).toList();
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    /** A bare IRC-over-WebSocket client: what it sends, line by line, and every line it gets. */
    private static final class IrcClient implements WebSocket.Listener {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        private volatile boolean closedByServer;

        IrcClient(String url) {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        void send(String line) {
            socket.sendText(line, true).join();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        boolean closedByServer() {
            return closedByServer;
        }

        void close() {
            socket.abort();
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                for (String line : partial.toString().split("\r\n")) {
                    lines.add(line);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedByServer = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedByServer = true; // an abrupt drop (no close frame) ends here
        }
    }
}
