package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.config.Secret;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.SecretWatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The env file at process level: the packaged jar, started with an empty environment, finds the bots' tokens in {@code .env} next to {@code bots.toml}, re-reads it
 * on SIGHUP, and every command run from a "second terminal" with nothing exported sees the same.
 */
class EnvFileIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final List<String> CREW = List.of("alpha", "bravo", "charlie");

    @TempDir Path dir;
    FakeTwitchServer twitch;
    Path config;
    Path envFile;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> tokens = new LinkedHashMap<>();

    static String bot(String name) {
        return """

                [[bots]]
                name = "%s"
                token = "${TOKEN_%s}"
                channels = ["mychannel"]
                intro_message = "hi from %s"
                [bots.commands.ping]
                response = "pong {args} from {bot}"
                """.formatted(name, name.toUpperCase(Locale.ROOT), name);
    }

    @BeforeEach
    void start() throws IOException {
        twitch = FakeTwitchServer.start();
        for (String name : CREW) {
            token(name);
        }
        config = dir.resolve("bots.toml");
        envFile = dir.resolve(".env");
        data = dir.resolve("data");
        ConfigFiles.save(config, bot("alpha") + bot("bravo") + bot("charlie"));
        writeEnv();
        hupbot = HupbotProcess.startWithOnly(config, data, Map.of(), "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", twitch.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : CREW) {
                assertThat(twitch.channelsOf(name)).containsExactly("mychannel");
            }
        });
    }

    @AfterEach
    void stop() {
        hupbot.close();
        twitch.close();
    }

    /** A fresh token for {@code name}; SecretWatch makes sure none reaches an output or a row. */
    String token(String name) {
        String token = twitch.token(name);
        SecretWatch.secret(token);
        tokens.put(name, token);
        return token;
    }

    void writeEnv() throws IOException {
        StringBuilder text = new StringBuilder("# the crew's tokens\n");
        tokens.forEach((name, token) -> text.append("export TOKEN_").append(name.toUpperCase(Locale.ROOT))
                .append("=\"").append(token).append("\"\n"));
        Files.writeString(envFile, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));
    }

    ReloadSummary sighup() {
        long before = AuditRows.latestId(data);
        hupbot.signal("HUP");
        return AuditRows.awaitAfter(data, before, WAIT);
    }

    Map<String, Integer> connections() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        CREW.forEach(n -> counts.put(n, twitch.connections(n)));
        return counts;
    }

    /** As from a second terminal: nothing exported, only the flags. */
    Cli.Result cli(String... args) {
        return Cli.runWithOnly(Map.of(), args);
    }

    String answerTo(String viewerLine, String bot) {
        int sent = twitch.messagesFrom(bot).size();
        twitch.inject("mychannel", "viewer1", viewerLine);
        await().atMost(WAIT).until(() -> twitch.messagesFrom(bot).size() > sent);
        return twitch.messagesFrom(bot).get(sent).text();
    }

    @Test
    void aTokenChangedInTheEnvFileReconnectsThatBotAloneOnSighup() throws IOException {
        String oldToken = tokens.get("bravo");
        Map<String, Integer> before = connections();
        String newToken = token("bravo");
        writeEnv();

        ReloadSummary reload = sighup();

        assertThat(reload.outcome()).as("same bots.toml bytes, another token").isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> twitch.connections("bravo") == before.get("bravo") + 1
                && twitch.channelsOf("bravo").contains("mychannel"));
        assertThat(answerTo("!ping 1", "bravo")).isEqualTo("pong 1 from bravo");
        assertThat(twitch.connections("alpha")).as("alpha's connections").isEqualTo(before.get("alpha"));
        assertThat(twitch.connections("charlie")).as("charlie's connections").isEqualTo(before.get("charlie"));
        assertThat(twitch.messagesFrom("bravo")).extracting(ChatLine::text).containsOnlyOnce("hi from bravo");

        Cli.Result show = cli("history", "show", Long.toString(reload.id()), "--data", data.toString());
        assertThat(show.exitCode()).isZero();
        assertThat(show.stdout()).contains("bravo", "token", Secret.of(oldToken).redacted() + " -> "
                + Secret.of(newToken).redacted(), "RECONNECT");
        assertThat(reload.changes()).as("one field changed").isEqualTo(1);
        assertThat(reload.botsChanged()).isEqualTo(1);

        ReloadSummary again = sighup();
        assertThat(again.outcome()).as("nothing changed since").isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void commandsFromASecondTerminalWithNothingExportedSeeTheEnvFile() {
        Cli.Result check = cli("check", "-q", "--config", config.toString());
        assertThat(check.stderr()).isEmpty();
        assertThat(check.stdout()).isEqualTo(config + ": OK (3 bots, 3 enabled, 1 channel)\n");
        assertThat(check.exitCode()).isZero();

        Cli.Result diff = cli("diff", "--config", config.toString(), "--data", data.toString(), config.toString());
        assertThat(diff.stderr()).isEmpty();
        assertThat(diff.exitCode()).as("the file on disk is what runs").isZero();

        Cli.Result history = cli("history", "--data", data.toString());
        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout()).contains("STARTUP", "APPLIED");

        Cli.Result diffElsewhere = cli("diff", "--env-file", dir.resolve("nowhere.env").toString(), "--config",
                config.toString(), "--data", data.toString(), config.toString());
        assertThat(diffElsewhere.exitCode()).as("a missing --env-file is trouble, not silence").isEqualTo(2);
        assertThat(diffElsewhere.stderr()).contains(dir.resolve("nowhere.env") + ":1:1: error: env file not found;"
                + " check --env-file (or HUPBOT_ENV_FILE)");
    }

    @Test
    void anEnvFileThatGoesAwayOrBreaksIsRejectedAndChangesNothing() throws IOException {
        Map<String, Integer> before = connections();
        String original = Files.readString(envFile);

        Files.delete(envFile);
        ReloadSummary gone = sighup();
        assertThat(gone.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(historyShow(gone)).contains(envFile + ":1:1: error: env file is gone (it was read before); restore it");

        Files.createDirectory(envFile);
        ReloadSummary directory = sighup();
        assertThat(directory.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(historyShow(directory)).contains(envFile + ":1:1: error: env file is a directory, not a file");
        Files.delete(envFile);

        Files.writeString(envFile, original + "JUST_A_NAME\n", StandardCharsets.UTF_8);
        ReloadSummary bad = sighup();
        assertThat(bad.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(historyShow(bad)).contains(envFile + ":5:1: error: expected NAME=value;");

        assertThat(connections()).as("no bot reconnected").isEqualTo(before);
        assertThat(answerTo("!ping 2", "alpha")).isEqualTo("pong 2 from alpha");
        String log = String.join("\n", hupbot.stderr());
        assertThat(log).contains("Failed to reload configuration - keeping existing configuration");
    }

    String historyShow(ReloadSummary reload) {
        Cli.Result show = cli("history", "show", Long.toString(reload.id()), "--data", data.toString());
        assertThat(show.exitCode()).isZero();
        return show.stdout();
    }
}
