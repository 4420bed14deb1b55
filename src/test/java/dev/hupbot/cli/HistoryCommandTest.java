package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import dev.hupbot.diff.FieldChange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HistoryCommandTest {
    private static final String V1 = "[[bots]]\nname = \"stickyman\"\n\n[[bots]]\nname = \"chat_warden\"\n";
    private static final String V2 = "[[bots]]\r\nname = \"stickyman\" # ☕ café 😀\r\nchannels = [\"a\", \"b\"]";

    @TempDir
    Path dataDir;

    record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Five reloads with fixed times: applied at startup, applied, rejected, partial, interrupted. */
    private void recordHistory() {
        try (AuditStore store = AuditStore.open(dataDir)) {
            Instant startup = Instant.parse("2026-11-27T01:00:00.123Z");
            long v1 = store.storeVersion(V1, startup);
            List<FieldChange> bots = List.of(
                    new FieldChange("stickyman", "bot", ChangeKind.ADDED, null, "stickyman", ApplyAction.START),
                    new FieldChange("chat_warden", "bot", ChangeKind.ADDED, null, "chat_warden", ApplyAction.START));
            long first = store.beginReload(Trigger.STARTUP, startup, "config/bots.toml", 0);
            store.recordPlan(first, null, v1, bots, "");
            store.finishReload(first, Outcome.APPLIED, startup.plusMillis(42), 41.73, List.of(), applied(bots));

            Instant sighup = Instant.parse("2026-11-27T01:16:12.345678Z");
            long second = store.beginReload(Trigger.SIGHUP, sighup, "config/bots.toml", 2);
            long v2 = store.storeVersion(V2, sighup);
            List<FieldChange> edits = List.of(
                    new FieldChange("stickyman", "ai.temperature", ChangeKind.CHANGED, "0.7", "0.9", ApplyAction.HOT),
                    new FieldChange("stickyman", "ai.system_prompt", ChangeKind.CHANGED,
                            "\"You are Stickyman.\"",
                            "\"You are Stickyman, a sticky man who loves puns.\\nKeep answers under 200 characters.\"",
                            ApplyAction.HOT),
                    new FieldChange("stickyman", "channels", ChangeKind.CHANGED, "[\"a\"]", "[\"a\", \"b\"]",
                            ApplyAction.REJOIN),
                    new FieldChange("chat_warden", "token", ChangeKind.CHANGED, "***1a2b3c4d", "***9f8e7d6c",
                            ApplyAction.RECONNECT));
            store.recordPlan(second, v1, v2, edits, "--- config/bots.toml (#1)\n+++ config/bots.toml (#2)\n"
                    + "@@ -1,2 +1,3 @@\n [[bots]]\n-name = \"stickyman\"\n+name = \"stickyman\" # ☕ café 😀\n"
                    + "+channels = [\"a\", \"b\"]\n");
            store.finishReload(second, Outcome.APPLIED, sighup.plusMillis(14), 14.25, List.of(), applied(edits));

            Instant broken = Instant.parse("2026-11-27T01:20:00Z");
            long third = store.beginReload(Trigger.SIGHUP, broken, "config/bots.toml", 0);
            store.recordPlan(third, v2, store.storeVersion("[[bots]\nnmae = 1\n", broken), List.of(), "");
            store.finishReload(third, Outcome.REJECTED, broken.plusMillis(3), 3.2, List.of(
                    "config/bots.toml:1:7: error: expected ']]' to close the table header",
                    "config/bots.toml:2:1: error: unknown key 'nmae' (did you mean 'name'?)"), List.of());

            Instant partial = Instant.parse("2026-11-27T01:25:30.5Z");
            long fourth = store.beginReload(Trigger.CLI, partial, "config/bots.toml", 0);
            List<FieldChange> joins = List.of(
                    new FieldChange("stickyman", "channels", ChangeKind.CHANGED, "[\"a\", \"b\"]",
                            "[\"a\", \"b\", \"banned\"]", ApplyAction.REJOIN),
                    new FieldChange("stickyman", "intro_message", ChangeKind.CHANGED, "\"hey chat\"", "\"\"",
                            ApplyAction.HOT));
            store.recordPlan(fourth, v2, store.storeVersion(V2 + "\n# banned\n", partial), joins, "@@ -3 +3 @@\n");
            store.finishReload(fourth, Outcome.PARTIAL, partial.plusMillis(120), 120.0, List.of(), List.of(
                    new AppliedChange(joins.get(0), false, "JOIN #banned refused:\nmsg_banned"),
                    new AppliedChange(joins.get(1), true, null)));

            store.beginReload(Trigger.SIGHUP, Instant.parse("2026-11-27T01:30:00Z"), "config/bots.toml", 0);
            store.markInterrupted(Instant.parse("2026-11-27T02:00:00Z"));
        }
    }

    private static List<AppliedChange> applied(List<FieldChange> changes) {
        List<AppliedChange> results = new ArrayList<>();
        changes.forEach(change -> results.add(new AppliedChange(change, true, null)));
        return results;
    }

    @Test
    void listsReloadsNewestFirst() {
        recordHistory();

        Run run = run("history", "--data", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Snapshots.assertMatches("history.txt", run.out());
    }

    @Test
    void limitsTheList() {
        recordHistory();

        Run run = run("history", "--limit", "2", "--data", dataDir.toString());

        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.out().lines().skip(1)).extracting(line -> line.trim().split(" ")[0]).containsExactly("5", "4");
    }

    @Test
    void refusesALimitBelowOne() {
        Run run = run("history", "--limit", "0", "--data", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--limit must be at least 1, not 0\n");
    }

    @Test
    void showsOneReloadInDetail() {
        recordHistory();

        Snapshots.assertMatches("history-show-applied.txt", showOk("2"));
        Snapshots.assertMatches("history-show-rejected.txt", showOk("3"));
        Snapshots.assertMatches("history-show-partial.txt", showOk("4"));
        Snapshots.assertMatches("history-show-interrupted.txt", showOk("5"));
    }

    private String showOk(String id) {
        Run run = run("history", "show", id, "--data", dataDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return run.out();
    }

    @Test
    void takesDataBeforeOrAfterTheSubcommand() {
        recordHistory();

        Run before = run("history", "--data", dataDir.toString(), "show", "2");
        Run after = run("history", "show", "2", "--data", dataDir.toString());

        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).isEqualTo(after.out()).startsWith("reload:     #2\n");
    }

    @Test
    void takesJsonBeforeOrAfterTheSubcommand() {
        recordHistory();

        Run before = run("history", "--json", "--data", dataDir.toString(), "show", "4");
        Run after = run("history", "show", "4", "--json", "--data", dataDir.toString());

        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).isEqualTo(after.out()).startsWith("{\n  \"id\": 4,\n");
    }

    @Test
    void listsAsJson() throws Exception {
        recordHistory();

        Run run = run("history", "--json", "--data", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(5);
        JsonNode rejected = list.get(2);
        assertThat(fieldNames(rejected)).containsExactly("id", "trigger", "outcome", "requested_at", "finished_at",
                "duration_ms", "config_path", "previous_version_id", "new_version_id", "coalesced_signals",
                "change_count", "bots_changed", "summary");
        assertThat(rejected.get("id").asLong()).isEqualTo(3);
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("requested_at").asText()).isEqualTo("2026-11-27T01:20:00Z");
        assertThat(rejected.get("duration_ms").asDouble()).isEqualTo(3.2);
        assertThat(rejected.get("summary").asText())
                .isEqualTo("config/bots.toml:1:7: error: expected ']]' to close the table header (and 1 more)");
        assertThat(list.get(4).get("previous_version_id").isNull()).isTrue();
        assertThat(list.get(0).get("duration_ms").isNull()).isTrue();
    }

    @Test
    void showsAsJson() throws Exception {
        recordHistory();

        Run run = run("history", "show", "4", "--json", "--data", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        Snapshots.assertMatches("history-show-partial.json", run.out());
        JsonNode detail = new ObjectMapper().readTree(run.out());
        assertThat(fieldNames(detail)).endsWith("summary", "problems", "changes", "text_diff");
        assertThat(fieldNames(detail.get("changes").get(0))).containsExactly(
                "bot", "path", "kind", "old_value", "new_value", "action", "applied", "error");
        assertThat(detail.get("changes").get(0).get("error").asText()).isEqualTo("JOIN #banned refused:\nmsg_banned");
    }

    @Test
    void saysSoWhenNothingIsRecorded() {
        Path missing = dataDir.resolve("data");

        assertThat(run("history", "--data", missing.toString())).isEqualTo(new Run(0, "no reloads recorded yet\n", ""));
        assertThat(run("history", "--json", "--data", missing.toString())).isEqualTo(new Run(0, "[]\n", ""));
        assertThat(missing).doesNotExist();

        AuditStore.open(dataDir).close();
        assertThat(run("history", "--data", dataDir.toString())).isEqualTo(new Run(0, "no reloads recorded yet\n", ""));
    }

    @Test
    void aDatabaseThatCannotBeReadExitsWith2() throws Exception {
        java.nio.file.Files.writeString(dataDir.resolve("hupbot.mv.db"), "not an H2 file");

        Run run = run("history", "--data", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("hupbot history: cannot open audit database " + dataDir.resolve("hupbot.mv.db"));
    }

    @Test
    void anUnknownIdExitsWith2() {
        recordHistory();
        String database = dataDir.resolve("hupbot.mv.db").toString();

        assertThat(run("history", "show", "99", "--data", dataDir.toString())).isEqualTo(new Run(2, "",
                "hupbot history show: reload #99 not found in " + database
                        + " (run 'hupbot history' to list the recorded reloads)\n"));
        assertThat(run("history", "export", "99", "--data", dataDir.toString())).isEqualTo(new Run(2, "",
                "hupbot history export: reload #99 not found in " + database
                        + " (run 'hupbot history' to list the recorded reloads)\n"));
    }

    @Test
    void withoutADatabaseEveryIdIsUnknown() {
        Path missing = dataDir.resolve("elsewhere");

        assertThat(run("history", "show", "1", "--data", missing.toString())).isEqualTo(new Run(2, "",
                "hupbot history show: reload #1 not found: there is no audit database at "
                        + missing.resolve("hupbot.mv.db") + " (is --data right?)\n"));
        assertThat(missing).doesNotExist();
    }

    @Test
    void exportsTheExactBytes() {
        recordHistory();

        byte[] exported = exportBytes("2");

        assertThat(exported).isEqualTo(V2.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesToExportARejectedReloadUnlessAskedTo() {
        recordHistory();

        assertThat(run("history", "export", "3", "--data", dataDir.toString())).isEqualTo(new Run(2, "",
                "hupbot history export: reload #3 was REJECTED, so its file does not validate; pick an APPLIED"
                        + " reload ('hupbot history'), or add --rejected to export it anyway\n"));
        assertThat(new String(exportBytes("3", "--rejected"), StandardCharsets.UTF_8))
                .isEqualTo("[[bots]\nnmae = 1\n");
    }

    @Test
    void writesTheFileAtomicallyWithOutput() throws Exception {
        recordHistory();
        Path config = Files.writeString(dataDir.resolve("bots.toml"), "running = true\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));

        Run written = run("history", "export", "2", "-o", config.toString(), "--data", dataDir.toString());

        assertThat(written).isEqualTo(new Run(0, "", "Wrote reload #2's file text to " + config + " ("
                + V2.getBytes(StandardCharsets.UTF_8).length + " bytes); 'hupbot reload' applies it\n"));
        assertThat(Files.readAllBytes(config)).isEqualTo(V2.getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
        try (var names = Files.list(dataDir)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".hupbot-"));
        }
    }

    @Test
    void leavesTheFileUntouchedWhenTheExportFails() throws Exception {
        recordHistory();
        Path config = Files.writeString(dataDir.resolve("bots.toml"), "running = true\n");

        assertThat(run("history", "export", "99", "-o", config.toString(), "--data", dataDir.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("history", "export", "3", "-o", config.toString(), "--data", dataDir.toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("history", "export", "5", "-o", config.toString(), "--data", dataDir.toString()).exitCode())
                .isEqualTo(2);
        Path noDir = dataDir.resolve("missing/bots.toml");
        assertThat(run("history", "export", "2", "-o", noDir.toString(), "--data", dataDir.toString()))
                .isEqualTo(new Run(2, "", "hupbot history export: cannot write " + noDir
                        + ": its directory does not exist; " + noDir + " is unchanged\n"));

        assertThat(Files.readString(config)).isEqualTo("running = true\n");
    }

    @Test
    void aReloadThatReadNoFileHasNothingToExport() {
        recordHistory();

        assertThat(run("history", "export", "5", "--data", dataDir.toString())).isEqualTo(new Run(2, "",
                "hupbot history export: reload #5 stored no config text, so there is nothing to export"
                        + " ('hupbot history show 5' says why)\n"));
    }

    private byte[] exportBytes(String id, String... more) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Run run;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.ISO_8859_1));
            List<String> args = new ArrayList<>(List.of("history", "export", id, "--data", dataDir.toString()));
            args.addAll(List.of(more));
            run = run(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        return bytes.toByteArray();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
