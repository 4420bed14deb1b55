package dev.hupbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import dev.hupbot.diff.FieldChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How other programs see the database: a second process, the H2 console's views, the network. */
class AuditDatabaseAccessTest {
    private static final Instant T0 = Instant.parse("2026-11-27T01:16:12.6Z");

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSecondProcessReadsAndWritesWhileTheFirstHasItOpen() throws Exception {
        try (AuditStore bot = AuditStore.open(dataDir)) {
            long first = bot.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
            bot.recordPlan(first, null, bot.storeVersion("running text", T0), List.of(), "");
            bot.finishReload(first, Outcome.APPLIED, T0, 1.0, List.of(), List.of());

            ChildResult child = runChild("share", T0.plusSeconds(5));

            assertThat(child.exitCode()).as(child.output()).isZero();
            assertThat(child.output()).contains("seen=running text wrote=2");
            assertThat(bot.history(5)).extracting(ReloadSummary::id, ReloadSummary::configPath)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(2L, "from-child.toml"),
                            org.assertj.core.groups.Tuple.tuple(1L, "bots.toml"));
            assertThat(bot.beginReload(Trigger.SIGHUP, T0.plusSeconds(9), "bots.toml", 0)).isEqualTo(3);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aReloadOfAKilledProcessIsMarkedInterruptedAtTheNextStart() throws Exception {
        ChildResult child = runChild("die", T0);
        assertThat(child.exitCode()).as(child.output()).isEqualTo(9);
        assertThat(child.output()).contains("planned 1");

        try (AuditStore restarted = AuditStore.open(dataDir)) {
            assertThat(restarted.markInterrupted(T0.plusSeconds(30))).isEqualTo(1);
            assertThat(restarted.loadedText(1)).contains("being applied");
            assertThat(restarted.history(5)).extracting(ReloadSummary::id, ReloadSummary::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Outcome.INTERRUPTED));
            assertThat(restarted.beginReload(Trigger.STARTUP, T0.plusSeconds(30), "bots.toml", 0))
                    .as("no ids skipped after a kill").isEqualTo(2);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theBotKeepsItsHistoryWhenTheProcessThatOpenedTheFileFirstExits() throws Exception {
        Process holder = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                AuditStoreChildProcess.class.getName(), "hold", dataDir.toString(), T0.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader holderOut = new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                Writer holderIn = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(holderOut.readLine()).isEqualTo("holding OptionalLong.empty");
            try (AuditStore bot = AuditStore.open(dataDir)) {
                long before = bot.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);

                holderIn.write("exit\n");
                holderIn.flush();
                assertThat(holder.waitFor(60, TimeUnit.SECONDS)).as("holder exited").isTrue();

                long after = bot.beginReload(Trigger.SIGHUP, T0.plusSeconds(1), "bots.toml", 0);
                assertThat(bot.history(5)).extracting(ReloadSummary::id).containsExactly(after, before);
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void twoStoresOnOneDirectoryShareTheHistory() {
        try (AuditStore one = AuditStore.open(dataDir);
                AuditStore two = AuditStore.open(dataDir)) {
            long id = one.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
            two.finishReload(id, Outcome.UNCHANGED, T0, 2.0, List.of(), List.of());

            assertThat(one.history(1).get(0).outcome()).isEqualTo(Outcome.UNCHANGED);
            assertThat(two.storeVersion("same", T0)).isEqualTo(one.storeVersion("same", T0));
        }
    }

    @Test
    void theAutoServerListensOnLoopbackOnly() throws Exception {
        try (AuditStore store = AuditStore.open(dataDir)) {
            assertThat(store.latestReloadId()).isEmpty();
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dataDir.resolve("hupbot.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            Path tcp = Path.of("/proc/net/tcp");
            assumeThat(Files.exists(tcp)).as("Linux /proc/net/tcp lists listening sockets").isTrue();

            List<String> listeners = listeningAddresses(port, tcp, Path.of("/proc/net/tcp6"));

            assertThat(listeners).isNotEmpty().allSatisfy(address -> assertThat(address).isIn(
                    "0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"));
        }
    }

    @Test
    void theViewsReadWellInTheConsole() throws SQLException {
        try (AuditStore store = AuditStore.open(dataDir)) {
            long v1 = store.storeVersion("v1", T0);
            long first = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
            store.recordPlan(first, null, v1, List.of(
                    new FieldChange("stickyman", "bot", ChangeKind.ADDED, null, "stickyman", ApplyAction.START)), "");
            store.finishReload(first, Outcome.APPLIED, T0, 12.345, List.of(), List.of());
            long second = store.beginReload(Trigger.SIGHUP, T0.plusSeconds(60), "bots.toml", 1);
            store.recordPlan(second, v1, store.storeVersion("v2 broken", T0), List.of(), "");
            store.finishReload(second, Outcome.REJECTED, T0.plusSeconds(60), 0.5,
                    List.of("bots.toml:3:1: error: unknown key 'nmae'"), List.of());
            long third = store.beginReload(Trigger.SIGHUP, T0.plusSeconds(120), "bots.toml", 0);
            store.recordPlan(third, v1, v1, List.of(), "");
            store.finishReload(third, Outcome.UNCHANGED, T0.plusSeconds(120), 0.25, List.of(), List.of());

            try (Connection console = AuditStore.adminConnection(dataDir)) {
                assertThat(query(console, "SELECT * FROM reload_history")).containsExactly(
                        "ID|REQUESTED_AT|TRIGGER|OUTCOME|BOTS_CHANGED|CHANGES|SUMMARY|DURATION_MS|CONFIG_VERSION"
                                + "|FINISHED_AT|PROBLEMS",
                        "3|2026-11-27 01:18:12+00|SIGHUP|UNCHANGED|0|0|no changes|0.3|1|2026-11-27 01:18:12+00|null",
                        "2|2026-11-27 01:17:12+00|SIGHUP|REJECTED|0|0|bots.toml:3:1: error: unknown key 'nmae'|0.5|2"
                                + "|2026-11-27 01:17:12+00|bots.toml:3:1: error: unknown key 'nmae'",
                        "1|2026-11-27 01:16:12+00|STARTUP|APPLIED|1|1|1 change in 1 bot|12.3|1|2026-11-27 01:16:12+00|null");
                assertThat(query(console, "SELECT * FROM reload_changes")).containsExactly(
                        "RELOAD_ID|REQUESTED_AT|RELOAD_OUTCOME|SEQ|BOT|PATH|KIND|OLD_VALUE|NEW_VALUE|ACTION|APPLIED|ERROR",
                        "1|2026-11-27 01:16:12+00|APPLIED|0|stickyman|bot|ADDED|null|stickyman|START|FALSE|null");
                assertThat(query(console, "SELECT id, sha256, first_seen, size_bytes, loaded_by_reloads,"
                        + " last_applied_by_reload, content FROM config_versions")).containsExactly(
                        "ID|SHA256|FIRST_SEEN|SIZE_BYTES|LOADED_BY_RELOADS|LAST_APPLIED_BY_RELOAD|CONTENT",
                        "2|" + AuditStore.sha256("v2 broken".getBytes(StandardCharsets.UTF_8))
                                + "|2026-11-27 01:16:12+00|9|2|null|v2 broken",
                        "1|" + AuditStore.sha256("v1".getBytes(StandardCharsets.UTF_8))
                                + "|2026-11-27 01:16:12+00|2|1, 3|3|v1");
            }
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReported() throws IOException {
        Files.writeString(dataDir.resolve("hupbot.mv.db"), "not an H2 file");

        assertThatThrownBy(() -> AuditStore.open(dataDir))
                .isInstanceOf(AuditException.class)
                .hasMessageStartingWith("cannot open audit database " + dataDir.resolve("hupbot.mv.db") + ": ");
    }

    @Test
    void aBrokenSchemaFailsWithTheOperationNamed() throws SQLException {
        try (AuditStore store = AuditStore.open(dataDir)) {
            try (Connection other = AuditStore.adminConnection(dataDir);
                    Statement st = other.createStatement()) {
                st.execute("DROP TABLE reload CASCADE");
            }

            assertThatThrownBy(() -> store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0))
                    .isInstanceOf(AuditException.class)
                    .hasMessageStartingWith("cannot begin a reload in audit database " + dataDir.resolve("hupbot.mv.db")
                            + ": Table \"RELOAD\" not found");
        }
    }

    @Test
    void readersOfACurrentSchemaSkipFlyway() throws SQLException {
        AuditStore.open(dataDir).close();
        try (Connection other = AuditStore.adminConnection(dataDir);
                Statement st = other.createStatement()) {
            // Flyway would refuse this history (checksum mismatch); a reader never asks it.
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 0");
        }

        try (AuditStore reader = AuditStore.openExisting(dataDir).orElseThrow()) {
            assertThat(reader.history(1)).isEmpty();
        }
        assertThatThrownBy(() -> AuditStore.open(dataDir))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void theSchemaVersionIsTheNewestMigration() throws IOException {
        try (var files = Files.list(Path.of("db", "migration"))) {
            List<Integer> versions = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .sorted()
                    .toList();
            assertThat(versions).isNotEmpty();
            assertThat(AuditStore.SCHEMA_VERSION).isEqualTo(String.valueOf(versions.get(versions.size() - 1)));
        }
    }

    @Test
    void readersDoNotCreateADatabase() {
        Path missing = dataDir.resolve("never-created");

        assertThat(AuditStore.openExisting(missing)).isEmpty();
        assertThat(missing).doesNotExist();
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.add(meta.getColumnLabel(i));
            }
            rows.add(String.join("|", header));
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    /** Local addresses (kernel hex) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port, Path... tables) throws IOException {
        String hexPort = String.format("%04X", port);
        List<String> addresses = new ArrayList<>();
        for (Path table : tables) {
            if (!Files.exists(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.trim().split("\\s+");
                // fields: sl, local_address (ADDR:PORT), rem_address, st (0A = LISTEN), ...
                if (fields.length > 3 && fields[1].endsWith(":" + hexPort) && fields[3].equals("0A")) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    record ChildResult(int exitCode, String output) {}

    private ChildResult runChild(String mode, Instant time) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                AuditStoreChildProcess.class.getName(), mode, dataDir.toString(), time.toString())
                .redirectErrorStream(true)
                .start();
        String output = readAll(child.getInputStream());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        return new ChildResult(child.exitValue(), output);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
