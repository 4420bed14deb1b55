package dev.hupbot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import dev.hupbot.diff.FieldChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's ready-to-paste console queries, run as the console user against a history with a
 * prompt change and a rejected file: each must work with CONSOLE's rights and answer its question.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeQueriesTest {
    /** Before and after the README's example time, 2026-11-27 21:30:00 UTC. */
    private static final Instant T0 = Instant.parse("2026-11-27T21:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-27T21:45:00Z");
    private static final Instant T2 = Instant.parse("2026-11-27T21:50:00Z");

    @TempDir static Path dataDir;
    AuditStore store;
    Connection console;
    List<String> queries;

    @BeforeAll
    void historyWithAPromptChangeAndARejectedFile() throws SQLException, IOException {
        store = AuditStore.open(dataDir);
        long v1 = store.storeVersion("prompt = one", T0);
        long startup = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        FieldChange added = new FieldChange("stickyman", "bot", ChangeKind.ADDED, null, "stickyman", ApplyAction.START);
        store.recordPlan(startup, null, v1, List.of(added), "");
        store.finishReload(startup, Outcome.APPLIED, T0, 3.0, List.of(), List.of(new AppliedChange(added, true, null)));

        long v2 = store.storeVersion("prompt = two", T1);
        long edit = store.beginReload(Trigger.SIGHUP, T1, "bots.toml", 0);
        FieldChange prompt = new FieldChange("stickyman", "ai.system_prompt", ChangeKind.CHANGED,
                "\"You are Stickyman.\"", "\"You are Stickyman, a pirate.\"", ApplyAction.HOT);
        store.recordPlan(edit, v1, v2, List.of(prompt), "");
        store.finishReload(edit, Outcome.APPLIED, T1, 2.0, List.of(), List.of(new AppliedChange(prompt, true, null)));

        long broken = store.beginReload(Trigger.SIGHUP, T2, "bots.toml", 0);
        store.recordPlan(broken, v2, store.storeVersion("prompt = ", T2), List.of(), "");
        store.finishReload(broken, Outcome.REJECTED, T2, 1.0,
                List.of("bots.toml:1:10: error: invalid TOML: expected a value"), List.of());

        try (Connection admin = AuditStore.adminConnection(dataDir)) {
            ConsoleUser.install(admin, "pw");
        }
        console = DriverManager.getConnection(AuditStore.jdbcUrl(dataDir), ConsoleUser.NAME, "pw");
        queries = readmeQueries();
    }

    @AfterAll
    void close() throws SQLException {
        console.close();
        store.close();
    }

    /** The statements of the sql block after "Queries to paste into the console". */
    static List<String> readmeQueries() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("```sql", readme.indexOf("Queries to paste into the console"));
        String block = readme.substring(from + "```sql".length(), readme.indexOf("```", from + 6));
        return Arrays.stream(block.split(";"))
                .map(statement -> statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + " " + b).trim())
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    @Test
    void thereAreFourQueries() {
        assertThat(queries).hasSize(4);
    }

    @Test
    void theLastReloadsNewestFirst() throws SQLException {
        assertThat(rows(queries.get(0))).extracting(row -> row.subList(0, 4)).containsExactly(
                List.of("3", "2026-11-27 21:50:00+00", "SIGHUP", "REJECTED"),
                List.of("2", "2026-11-27 21:45:00+00", "SIGHUP", "APPLIED"),
                List.of("1", "2026-11-27 21:00:00+00", "STARTUP", "APPLIED"));
    }

    @Test
    void everyChangeToOneBotsPrompt() throws SQLException {
        assertThat(rows(queries.get(1))).containsExactly(List.of("2", "2026-11-27 21:45:00+00", "APPLIED",
                "\"You are Stickyman.\"", "\"You are Stickyman, a pirate.\"", "TRUE"));
    }

    @Test
    void rejectedReloadsWithTheirProblems() throws SQLException {
        assertThat(rows(queries.get(2))).containsExactly(List.of("3", "2026-11-27 21:50:00+00", "SIGHUP",
                "bots.toml:1:10: error: invalid TOML: expected a value"));
    }

    @Test
    void theVersionRunningAtAGivenTime() throws SQLException {
        List<List<String>> rows = rows(queries.get(3));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("1"); // the startup load; the edit came at 21:45
            assertThat(row.get(2)).isEqualTo("1");
            assertThat(row.get(4)).isEqualTo("prompt = one");
        });
    }

    private List<List<String>> rows(String sql) throws SQLException {
        try (Statement st = console.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
