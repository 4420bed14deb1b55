package dev.hupbot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's database user reads the views and can change nothing. One database for all tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleUserTest {
    private static final Instant T0 = Instant.parse("2026-11-27T01:16:12Z");
    private static final String PASSWORD = "correct horse";

    @TempDir static Path dataDir;
    AuditStore store;
    Connection admin;

    @BeforeAll
    void openWithOneReload() throws SQLException {
        store = AuditStore.open(dataDir);
        long id = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, store.storeVersion("text", T0), List.of(), "");
        store.finishReload(id, Outcome.APPLIED, T0, 1.0, List.of(), List.of());
        admin = AuditStore.adminConnection(dataDir);
        ConsoleUser.install(admin, PASSWORD);
    }

    /** Tests that change the user leave it as the others expect it. */
    @AfterEach
    void reinstall() throws SQLException {
        ConsoleUser.install(admin, PASSWORD);
    }

    @AfterAll
    void close() throws SQLException {
        admin.close();
        store.close();
    }

    Connection asConsole(String password) throws SQLException {
        return DriverManager.getConnection(AuditStore.jdbcUrl(dataDir), "console", password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RELOAD_HISTORY", "RELOAD_CHANGES", "CONFIG_VERSIONS"})
    void readsEveryView(String view) throws SQLException {
        try (Connection console = asConsole(PASSWORD);
                Statement st = console.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + view)) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(view.equals("RELOAD_CHANGES") ? 0 : 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DELETE FROM reload",
        "UPDATE reload SET outcome = 'REJECTED'",
        "INSERT INTO config_version (sha256, content, size_bytes, first_seen)"
                + " VALUES ('x', 'x', 1, CURRENT_TIMESTAMP)",
        "SELECT * FROM reload",
        "SELECT content FROM config_version",
        "SELECT * FROM \"flyway_schema_history\"",
        "DROP TABLE reload_change",
        "DROP VIEW reload_history",
        "CREATE TABLE notes (id INT)",
        "CREATE VIEW mine AS SELECT * FROM reload_history",
        "TRUNCATE TABLE reload_change",
        "GRANT SELECT ON reload TO CONSOLE",
        "ALTER USER CONSOLE ADMIN TRUE",
        "CREATE USER intruder PASSWORD 'x' ADMIN",
        "CALL FILE_READ('/etc/hostname')",
        "SCRIPT TO 'dump.sql'",
        "SHUTDOWN"
    })
    void canChangeOrOpenNothingElse(String sql) throws SQLException {
        try (Connection console = asConsole(PASSWORD); Statement st = console.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode())
                            .isIn(ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1, ErrorCode.ADMIN_RIGHTS_REQUIRED));
        }
        assertThat(store.history(10)).hasSize(1).allMatch(r -> r.outcome() == Outcome.APPLIED);
    }

    @Test
    void aNewPasswordReplacesTheOldOne() throws SQLException {
        ConsoleUser.install(admin, "new password");

        assertThatThrownBy(() -> asConsole(PASSWORD).close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
        asConsole("new password").close();
    }

    @Test
    void rightsGrantedByHandDoNotSurviveTheNextStart() throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("GRANT SELECT, DELETE ON reload TO CONSOLE");
        }

        ConsoleUser.install(admin, PASSWORD);

        try (Connection console = asConsole(PASSWORD); Statement st = console.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM reload"))
                    .hasMessageStartingWith("Not enough rights for object \"PUBLIC.RELOAD\"");
        }
    }

    @Test
    void removedUserCannotLogIn() throws SQLException {
        ConsoleUser.remove(admin);
        ConsoleUser.remove(admin); // and again: nothing to remove is fine

        assertThatThrownBy(() -> asConsole(PASSWORD).close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
    }

    @Test
    void anEmptyPasswordIsRefused() {
        assertThatThrownBy(() -> ConsoleUser.install(admin, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the console user needs a password");
    }

    @Test
    void thePasswordIsStoredOnlyAsASaltedHash() throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SCRIPT NODATA")) {
            StringBuilder script = new StringBuilder();
            while (rs.next()) {
                script.append(rs.getString(1)).append('\n');
            }
            assertThat(script).contains("CREATE USER IF NOT EXISTS \"CONSOLE\" SALT").doesNotContain(PASSWORD);
        }
    }
}
