package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hupbot status} as a separate process against a running hupbot (shell chat): the table, the
 * JSON, the health check, and what it says once the process is gone.
 */
class StatusIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Map<String, String> ENV = Map.of("TOKEN_STICKYMAN", "oauth:status-it-token-value");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG = """
            [defaults]
            channels = ["mychannel"]

            [[bots]]
            name = "stickyman"
            token = "${TOKEN_STICKYMAN}"
            [bots.commands.hello]
            response = "Hello {user}!"

            [[bots]]
            name = "sleepy"
            token = "${TOKEN_STICKYMAN}"
            enabled = false
            """;

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess hupbot;

    @BeforeEach
    void start() throws IOException {
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        Files.writeString(config, CONFIG);
        hupbot = HupbotProcess.shell(config, data, ENV);
        hupbot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
    }

    @AfterEach
    void stop() {
        hupbot.close();
    }

    Cli.Result status(String... flags) {
        List<String> args = new ArrayList<>(List.of("status", "--data", data.toString()));
        args.addAll(List.of(flags));
        return Cli.run(Map.of(), args.toArray(String[]::new));
    }

    static JsonNode json(Cli.Result result) {
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException("status --json printed no JSON:\n" + result.stdout() + result.stderr(), e);
        }
    }

    @Test
    void theTableTheJsonAndTheHealthCheckDescribeTheRunningBots() {
        int from = hupbot.stdoutSize();
        hupbot.say("#mychannel viewer1: !hello");
        hupbot.awaitStdout(from, l -> l.equals("[#mychannel] <stickyman> Hello viewer1!"), WAIT);

        JsonNode[] seen = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            Cli.Result r = status("--json");
            seen[0] = r.exitCode() == 0 ? json(r) : null;
            return seen[0] != null && seen[0].path("bots").path(0).path("messages_out").asLong() == 1;
        });
        JsonNode root = seen[0];
        assertThat(root.path("pid").asLong()).isEqualTo(hupbot.pid());
        assertThat(fieldNames(root)).containsExactly("pid", "updated_at", "config_version", "last_reload", "bots");
        assertThat(root.path("config_version").asLong()).isEqualTo(1);
        assertThat(fieldNames(root.path("last_reload"))).containsExactly("id", "trigger", "outcome", "finished_at");
        assertThat(root.path("last_reload").path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(root.path("last_reload").path("trigger").asText()).isEqualTo("STARTUP");
        JsonNode sticky = root.path("bots").path(0);
        assertThat(fieldNames(sticky)).containsExactly("name", "enabled", "connected", "channels", "messages_in",
                "messages_out", "last_message_in", "last_message_out");
        assertThat(sticky.path("name").asText()).isEqualTo("stickyman");
        assertThat(sticky.path("enabled").asBoolean()).isTrue();
        assertThat(sticky.path("connected").asBoolean()).isTrue();
        assertThat(sticky.path("channels").toString()).isEqualTo("[\"mychannel\"]");
        assertThat(sticky.path("messages_in").asLong()).isEqualTo(1);
        assertThat(sticky.path("last_message_in").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        JsonNode sleepy = root.path("bots").path(1);
        assertThat(sleepy.toString()).isEqualTo("{\"name\":\"sleepy\",\"enabled\":false,\"connected\":false,\"channels\":[],"
                + "\"messages_in\":0,\"messages_out\":0,\"last_message_in\":null,\"last_message_out\":null}");

        Cli.Result table = status();
        assertThat(table.exitCode()).isZero();
        assertThat(table.stderr()).isEmpty();
        List<String> lines = table.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("BOT                       ENABLED   CONNECTED CHANNELS"
                + "                             IN      OUT  LAST IN      LAST OUT");
        assertThat(lines.get(1)).matches("stickyman                 yes       yes       #mychannel"
                + "                            1        1  (just now|\\d+ s ago) +(just now|\\d+ s ago)");
        assertThat(lines.get(2)).isEqualTo("sleepy                    no        no"
                + "                                              0        0  -            -");
        assertThat(lines.get(3)).matches("running config version #1; last reload #1 \\(STARTUP\\) APPLIED at"
                + " \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, (just now|\\d+ s ago)");
        assertThat(lines.get(4)).matches("pid " + hupbot.pid() + ", status updated (just now|\\d+ s ago)");

        Cli.Result health = status("--health");
        assertThat(health.exitCode()).as("a disabled bot does not make it unhealthy").isZero();
        assertThat(health.stdout()).isEmpty();
        assertThat(health.stderr()).isEmpty();
    }

    @Test
    void aCleanShutdownRemovesTheStatusFileAndStatusThenSaysNothingRuns() {
        Path file = data.resolve("status.json");
        await().atMost(WAIT).until(() -> Files.exists(file));

        hupbot.signal("TERM");
        assertThat(hupbot.awaitExit(WAIT)).isZero();

        assertThat(file).doesNotExist();
        Cli.Result status = status();
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.stdout()).isEmpty();
        assertThat(status.stderr()).isEqualTo("hupbot status: no running hupbot (no status.json in " + data + ")\n");
        Cli.Result json = status("--json");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.stdout()).isEmpty();
        // a health check reports "not running" as unhealthy: Docker reserves exit code 2
        Cli.Result health = status("--health");
        assertThat(health.exitCode()).isEqualTo(1);
        assertThat(health.stderr()).isEqualTo(status.stderr());
    }

    @Test
    void aStatusFileLeftByAKilledProcessIsNotTakenForARunningOne() {
        Path file = data.resolve("status.json");
        await().atMost(WAIT).until(() -> Files.exists(file));
        long pid = hupbot.pid();

        hupbot.signal("KILL");
        hupbot.awaitExit(WAIT);

        assertThat(file).exists();
        Cli.Result status = status();
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.stderr()).isEqualTo("hupbot status: no running hupbot (status.json in " + data
                + " was left by pid " + pid + ", which is not running)\n");
        assertThat(status("--health").exitCode()).isEqualTo(1);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
