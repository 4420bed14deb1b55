package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.config.Secret;
import dev.hupbot.diff.Snapshots;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    private static final String STICKYMAN_TOKEN = "tok-stickyman-0123456789";
    private static final String API_KEY = "sk-or-v1-abcdef0123456789";
    private static final Map<String, String> ENV = Map.of(
            "TWITCH_TOKEN_STICKYMAN", STICKYMAN_TOKEN,
            "TWITCH_TOKEN_SLEEPY_LLAMA", "tok-llama-5555555555",
            "TWITCH_TOKEN_OLD_TIMER", "tok-old-timer-77777777",
            "TWITCH_TOKEN_CHAT_WARDEN", "tok-warden-9876543210",
            "OPENROUTER_API_KEY", API_KEY);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int diff(String... args) {
        return Main.commandLine(() -> ENV)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private String file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file.toString();
    }

    private String snapshotFile(String name) throws IOException {
        return file(name, Snapshots.read(name));
    }

    /** Output with the temporary directory removed, so it reads as if run next to the files. */
    private String relative(StringWriter writer) {
        return writer.toString().replace(dir + "/", "");
    }

    @Test
    void changedFilesPrintTheTableAndExitOne() throws IOException {
        int exit = diff("diff", snapshotFile("diff-old.toml"), snapshotFile("diff-new.toml"));

        assertThat(exit).isEqualTo(1);
        Snapshots.assertMatches(out.toString(), "diff-command.txt");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonPrintsTheDocumentedShape() throws IOException {
        int exit = diff("diff", "--json", snapshotFile("diff-old.toml"), snapshotFile("diff-new.toml"));

        assertThat(exit).isEqualTo(1);
        Snapshots.assertMatches(out.toString(), "diff-command.json");
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("summary").asText()).isEqualTo(root.get("changes").size() + " changes in 5 bots");
    }

    @Test
    void noSecretAppearsInEitherOutput() throws IOException {
        String old = snapshotFile("diff-old.toml");
        String changed = snapshotFile("diff-new.toml");

        diff("diff", old, changed);
        diff("diff", "--json", old, changed);

        assertThat(out.toString() + err)
                .doesNotContain("literalpebbletoken", "tok-", API_KEY)
                .contains(Secret.of("oauth:literalpebbletoken0001").redacted() + " -> "
                        + Secret.of("oauth:literalpebbletoken0002").redacted());
    }

    @Test
    void secretLookingVariablesOutsideSecretFieldsAreRefusedUnshown() throws IOException {
        Map<String, String> env = Map.of(
                "TWITCH_TOKEN_STICKYMAN", STICKYMAN_TOKEN,
                "PRIVATE_CHANNEL_KEY", "hushhushchannel",
                "INTRO_SECRET", "the-secret-greeting");
        String old = file("old.toml", """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel"]
                intro_message = "hello"
                """);
        String changed = file("new.toml", """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel", "${PRIVATE_CHANNEL_KEY}"]
                intro_message = "${INTRO_SECRET}"
                """);

        int exit = Main.commandLine(() -> env)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("diff", old, changed);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains(
                        "new.toml:4:26: error: bots[stickyman].channels: ${PRIVATE_CHANNEL_KEY} is named like a secret (it contains KEY)",
                        "new.toml:5:1: error: bots[stickyman].intro_message: ${INTRO_SECRET} is named like a secret (it contains SECRET)",
                        "move the secret into api_key/token, or rename the variable if it is not a secret")
                .doesNotContain("hushhushchannel", "the-secret-greeting", STICKYMAN_TOKEN);
    }

    @Test
    void theSameConfigWrittenDifferentlyIsNoChangeAndExitsZero() throws IOException {
        String old = snapshotFile("diff-old.toml");
        String reordered = file("reordered.toml", """
                [[bots]]
                token = "${TWITCH_TOKEN_OLD_TIMER}"
                name = "old_timer"
                ai.api_key = "${OPENROUTER_API_KEY}"
                channels = ["mychannel"]

                """ + Snapshots.read("diff-old.toml").replace("""

                [[bots]]
                name = "old_timer"
                token = "${TWITCH_TOKEN_OLD_TIMER}"
                """, "").replace("[\"mychannel\", \"otherchannel\"]", "[\"otherchannel\", \"#mychannel\"]"));

        int exit = diff("diff", old, reordered);

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEqualTo("no changes\n");
        assertThat(exit).isZero();
    }

    @Test
    void anInvalidFileIsTroubleWithItsProblemsOnStderr() throws IOException {
        String old = snapshotFile("diff-old.toml");
        String broken = file("broken.toml", """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel"]
                temprature = 0.9
                """);

        int exit = diff("diff", old, broken);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(relative(err)).isEqualTo("broken.toml:5:1: error: bots[stickyman]: unknown key 'temprature';"
                + " did you mean 'ai.temperature' (in [bots.ai])?\n");
    }

    @Test
    void problemsOfBothFilesAreReportedInOneRun() throws IOException {
        String first = file("first.toml", "[[bots]\n");
        String missing = dir.resolve("missing.toml").toString();

        int exit = diff("diff", first, missing);

        assertThat(exit).isEqualTo(2);
        assertThat(relative(err).lines())
                .anySatisfy(line -> assertThat(line).startsWith("first.toml:1:"))
                .anySatisfy(line -> assertThat(line).startsWith("missing.toml:1:1: error: "));
    }

    @Test
    void oneFileWithoutAnAuditDatabaseSaysWhereItLooked() throws IOException {
        Path data = dir.resolve("nodata");
        int exit = diff("diff", "--data", data.toString(), snapshotFile("diff-new.toml"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("hupbot diff: no audit database in " + data + " (nothing was ever applied"
                + " there); point --data at hupbot's data directory, or give both files: hupbot diff OLD NEW\n");
    }

    @Test
    void oneFileIsComparedWithTheLastAppliedVersion() throws IOException {
        Path data = dir.resolve("data");
        String applied = "[[bots]]\nname = \"stickyman\"\ntoken = \"oauth:literal-one\"\nchannels = [\"mychannel\"]\n";
        try (AuditStore audit = AuditStore.open(data)) {
            Instant t = Instant.parse("2026-11-27T10:00:00Z");
            long id = audit.beginReload(Trigger.STARTUP, t, "bots.toml", 0);
            long version = audit.storeVersion(applied, t);
            audit.recordPlan(id, null, version, List.of(), "");
            audit.finishReload(id, Outcome.APPLIED, t, 1.0, List.of(), List.of());
        }
        String same = file("same.toml", applied);
        String changed = file("changed.toml", applied.replace("mychannel", "otherchannel"));

        assertThat(diff("diff", "--data", data.toString(), same)).isZero();
        assertThat(diff("diff", "--json", "--data", data.toString(), changed)).isEqualTo(1);
        assertThat(out.toString()).startsWith("no changes\n").contains("\"path\": \"channels\"").contains("\"action\": \"REJOIN\"");
    }

    @Test
    void noFileOrThreeFilesIsAUsageErrorWithExitTwo() {
        assertThat(diff("diff")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
        assertThat(diff("diff", "a", "b", "c")).isEqualTo(2);
    }
}
