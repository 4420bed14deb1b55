package dev.hupbot.audit;

import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import dev.hupbot.diff.FieldChange;
import dev.hupbot.fs.PrivateFiles;
import dev.hupbot.fs.UnsafePathException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reload history in an embedded H2 file database ({@code <data>/hupbot.mv.db}), schema by
 * Flyway ({@code db/migration}). Opened so a second process (the CLI, the H2 console) can read
 * while the bot runs. Every method throws {@link AuditException} when the database fails.
 *
 * <p>The database is opened with {@code AUTO_SERVER=TRUE}: the first process opens the file and
 * serves it to later ones over TCP. That listener binds to 127.0.0.1 (system property
 * {@value #BIND_ADDRESS_PROPERTY}, set here unless the operator set it), so the history is not
 * reachable from other hosts. The admin user {@value #USER} has a random password kept in
 * {@code DATA/db.password} (0600; {@link AdminPassword}); a database made before that, whose
 * admin had an empty password, gets one at the first {@link #open} (the running process's). The
 * CLI reads the same file. Every open refuses a database file another account owns: a file
 * prepared by someone else could run code through a view as whoever opens it.
 *
 * <p>One connection, used by one caller at a time: the coordinator is the only writer, and a
 * reload makes a handful of short statements.
 */
public final class AuditStore implements AutoCloseable {
    /** H2 reads it once, when its classes load: set it before the first connection. */
    public static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";

    /** H2 reads it once, when its classes load: which Java classes SQL may bind to. */
    public static final String ALLOWED_CLASSES_PROPERTY = "h2.allowedClasses";

    public static final String USER = "sa";
    static final String DATABASE_NAME = "hupbot";
    static final String DATABASE_FILE = DATABASE_NAME + ".mv.db";

    /**
     * The version of the newest migration in {@code db/migration}; a test keeps the two in step.
     * Readers that find the database at this version skip Flyway, which costs a CLI command more
     * CPU time than everything else it does.
     */
    static final String SCHEMA_VERSION = "4";

    /** The width of reload_change.error; longer messages are shortened rather than lost. */
    static final int MAX_ERROR_LENGTH = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);
    private static final List<Outcome> RUNNING_OUTCOMES = List.of(Outcome.APPLIED, Outcome.UNCHANGED, Outcome.PARTIAL);
    private static final String SUMMARY_COLUMNS = "id, trigger, requested_at, finished_at, outcome, config_path, "
            + "previous_version_id, new_version_id, coalesced_signals, change_count, bots_changed, duration_ms, summary";

    static {
        bindToLoopback();
    }

    private final String where;
    private final String url;
    private final String password;
    private final Path dataDir;
    private Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    // Guarded by lock: the last write failed in a way that leaves this connection unusable.
    private boolean storeFailed;

    private AuditStore(Path dataDir, String where, String url, String password, Connection connection) {
        this.dataDir = dataDir;
        this.where = where;
        this.url = url;
        this.password = password;
        this.connection = connection;
    }

    /** Opens (creating and migrating when needed) the database in {@code dataDir}. */
    public static AuditStore open(Path dataDir) {
        return open(dataDir, false);
    }

    private static AuditStore open(Path dataDir, boolean reader) {
        String where = databaseFile(dataDir).toString();
        String url = jdbcUrl(dataDir);
        if (!reader) {
            try {
                PrivateFiles.ensurePrivateDirectory(dataDir);
            } catch (IOException e) {
                throw new AuditException("cannot create the data directory " + dataDir + " for the audit database: "
                        + e + " (set --data or HUPBOT_DATA to a writable directory)", e);
            } catch (UnsafePathException e) {
                throw new AuditException(e.getMessage(), e);
            }
        }
        requireOwned(databaseFile(dataDir), "the audit database");
        requireOwned(AdminPassword.file(dataDir), "the audit database's password file");
        boolean existed = exists(dataDir);
        String password;
        Connection connection;
        try {
            if (reader) {
                password = AdminPassword.read(dataDir).orElse("");
                connection = DriverManager.getConnection(url, USER, password);
            } else {
                password = AdminPassword.readOrCreate(dataDir);
                connection = existed ? connectRekeying(url, password, dataDir) : DriverManager.getConnection(url, USER, password);
            }
        } catch (SQLException e) {
            throw new AuditException("cannot open audit database " + where + ": " + oneLine(e.getMessage()) + openHint(e, dataDir), e);
        }
        tightenFiles(dataDir);
        try {
            if (!(reader && schemaIsCurrent(connection))) {
                // Our connection stays open while Flyway works, so H2 does not open and close the file twice.
                Flyway.configure(AuditStore.class.getClassLoader())
                        .dataSource(url, USER, password)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                checkpoint(connection);
            }
            connection.setAutoCommit(false);
        } catch (FlywayException | SQLException e) {
            closeQuietly(connection);
            throw new AuditException("cannot migrate audit database " + where + ": " + oneLine(e.getMessage()), e);
        }
        return new AuditStore(dataDir, where, url, password, connection);
    }

    /**
     * Connects to an existing database with the stored password; a database whose admin still
     * has the empty password of older versions (or whose re-key a crash cut short) is re-keyed
     * with it first. The password file is written before the database changes, so a crash in
     * between leaves a state the next start repairs.
     */
    private static Connection connectRekeying(String url, String password, Path dataDir) throws SQLException {
        try {
            return DriverManager.getConnection(url, USER, password);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            Connection legacy;
            try {
                legacy = DriverManager.getConnection(url, USER, "");
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw e;
            }
            try (PreparedStatement alter = legacy.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
                alter.setString(1, password);
                alter.execute();
            } catch (SQLException failed) {
                closeQuietly(legacy);
                throw failed;
            }
            LOG.info("The audit database's admin user had an empty password; it now has the random one in {} (0600)",
                    AdminPassword.file(dataDir));
            return legacy;
        }
    }

    /**
     * A new admin connection to the database in {@code dataDir} (for the H2 console's user
     * management), with the stored password; the caller closes it.
     */
    public static Connection adminConnection(Path dataDir) throws SQLException {
        requireOwned(databaseFile(dataDir), "the audit database");
        return DriverManager.getConnection(jdbcUrl(dataDir), USER, AdminPassword.read(dataDir).orElse(""));
    }

    private static void requireOwned(Path file, String what) {
        try {
            PrivateFiles.requireOwnedByMe(file, what);
        } catch (UnsafePathException e) {
            throw new AuditException(e.getMessage(), e);
        } catch (IOException e) {
            throw new AuditException("cannot check the owner of " + file + ": " + e, e);
        }
    }

    /**
     * H2 makes its files with the process's umask; hupbot's are 0600 (those another account owns
     * are refused above). {@code hupbot run} also sets the umask to 077, which covers the files H2
     * makes later (its lock file after a hand-over, temporary result files).
     */
    private static void tightenFiles(Path dataDir) {
        for (String name : List.of(DATABASE_FILE, DATABASE_NAME + ".lock.db", DATABASE_NAME + ".trace.db",
                AdminPassword.FILE)) {
            PrivateFiles.tighten(dataDir.resolve(name));
        }
    }

    /**
     * Opens the database only when {@code dataDir} already holds one: readers (the CLI) must not
     * create a data directory or an empty database just to find nothing in it. Migrates only
     * when the schema is older than this program's.
     */
    public static Optional<AuditStore> openExisting(Path dataDir) {
        if (Files.isDirectory(dataDir) && !Files.isExecutable(dataDir)) {
            // Not "nothing recorded": this account cannot look inside (0700, another owner).
            String owner;
            try {
                owner = Files.getOwner(dataDir).getName();
            } catch (IOException e) {
                owner = "its owner";
            }
            throw new AuditException("cannot read the data directory " + dataDir + ": permission denied; run hupbot as "
                    + owner + ", the account that owns it");
        }
        return exists(dataDir) ? Optional.of(open(dataDir, true)) : Optional.empty();
    }

    private static boolean schemaIsCurrent(Connection connection) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = ? AND \"success\"")) {
            ps.setString(1, SCHEMA_VERSION);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            return false; // no history table yet, or not one we know: Flyway sorts it out
        }
    }

    public static boolean exists(Path dataDir) {
        return Files.isRegularFile(databaseFile(dataDir));
    }

    /** {@code <dataDir>/hupbot.mv.db}, the file H2 keeps the history in. */
    public static Path databaseFile(Path dataDir) {
        return dataDir.resolve(DATABASE_FILE);
    }

    /** The JDBC URL of the database in {@code dataDir}, for the H2 console and for tools. */
    public static String jdbcUrl(Path dataDir) {
        String path = dataDir.toAbsolutePath().normalize().resolve(DATABASE_NAME).toString();
        if (path.indexOf(';') >= 0) {
            // H2 reads everything after a ';' as a setting; there is no way to quote it.
            throw new AuditException("the data directory " + dataDir
                    + " contains ';', which H2 cannot open: choose another --data directory");
        }
        return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE";
    }

    /**
     * Binds H2's AUTO_SERVER listener (and any other H2 server started without an explicit
     * address) to loopback, unless {@value #BIND_ADDRESS_PROPERTY} is already set. Runs when this
     * class loads; call it earlier when something else touches H2 first (the H2 console).
     */
    public static void bindToLoopback() {
        if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
            System.setProperty(BIND_ADDRESS_PROPERTY, "127.0.0.1");
        }
        // No Java class may be bound to SQL (CREATE ALIAS ... FOR, triggers, aggregates): hupbot's
        // schema has none, and a database that defines one would run that code as whoever opens it.
        // Only H2's own driver (the console loads it by name) and the alias AUTO_SERVER itself
        // defines (STOP_SERVER, admin only) are allowed.
        if (System.getProperty(ALLOWED_CLASSES_PROPERTY) == null) {
            System.setProperty(ALLOWED_CLASSES_PROPERTY, "org.h2.Driver,org.h2.server.TcpServer");
        }
        String effective = org.h2.engine.SysProperties.BIND_ADDRESS;
        if (!Objects.equals(effective, System.getProperty(BIND_ADDRESS_PROPERTY))) {
            LOG.warn("H2 was loaded before hupbot set {}; its database listener binds to {} instead of {}",
                    BIND_ADDRESS_PROPERTY, effective == null ? "every interface" : effective,
                    System.getProperty(BIND_ADDRESS_PROPERTY));
        }
    }

    /** Rows left IN_PROGRESS by a process that died become INTERRUPTED; returns how many. */
    public int markInterrupted(Instant now) {
        return inWriteTransaction("mark unfinished reloads as interrupted", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE reload SET outcome = ?, finished_at = ?, summary = ? WHERE outcome = ?")) {
                ps.setString(1, Outcome.INTERRUPTED.name());
                setInstant(ps, 2, now);
                ps.setString(3, Summaries.INTERRUPTED);
                ps.setString(4, Outcome.IN_PROGRESS.name());
                return ps.executeUpdate();
            }
        });
    }

    /** Stores a file text once per distinct SHA-256 and returns its version id. */
    public long storeVersion(String text, Instant seenAt) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(bytes);
        return inTransaction("store a config version", c -> {
            OptionalLong existing = versionId(c, sha256);
            if (existing.isPresent()) {
                return existing.getAsLong();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO config_version (sha256, content, size_bytes, first_seen) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, sha256);
                ps.setString(2, text);
                ps.setInt(3, bytes.length);
                setInstant(ps, 4, seenAt);
                ps.executeUpdate();
                return generatedId(ps);
            } catch (SQLException e) {
                // Another process stored the same text in between; H2 keeps the transaction usable.
                if (e.getErrorCode() != ErrorCode.DUPLICATE_KEY_1) {
                    throw e;
                }
                return versionId(c, sha256).orElseThrow(() -> e);
            }
        });
    }

    /**
     * Starts a reload row, outcome IN_PROGRESS; returns its id. It reaches the file with the plan
     * ({@link #recordPlan}), a few milliseconds later, which is before anything is applied.
     */
    public long beginReload(Trigger trigger, Instant requestedAt, String configPath, int coalescedSignals) {
        // Durable at once: a process killed while it parses a large file must still leave the row
        // that the next start marks INTERRUPTED.
        return inWriteTransaction("begin a reload", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO reload (trigger, requested_at, outcome, config_path, coalesced_signals, summary)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, trigger.name());
                setInstant(ps, 2, requestedAt);
                ps.setString(3, Outcome.IN_PROGRESS.name());
                ps.setString(4, configPath);
                ps.setInt(5, coalescedSignals);
                ps.setString(6, Summaries.IN_PROGRESS);
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    /**
     * Records, in one transaction, what a reload is about to apply: the previous and new version
     * ids, its change rows (applied = false for now) and the redacted unified text diff. When it
     * returns, the row, the versions and the plan are in the file, so a process killed while
     * applying leaves a row that the next start marks INTERRUPTED. A rejected file that could be
     * read is recorded the same way, with no changes, so {@code history export} can show it.
     */
    public void recordPlan(long reloadId, @Nullable Long previousVersionId, @Nullable Long newVersionId,
            List<FieldChange> changes, String textDiff) {
        inWriteTransaction("record the plan of reload #" + reloadId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE reload SET previous_version_id = ?,"
                    + " new_version_id = ?, text_diff = ?, change_count = ?, bots_changed = ? WHERE id = ?")) {
                setLong(ps, 1, previousVersionId);
                setLong(ps, 2, newVersionId);
                ps.setString(3, textDiff);
                ps.setInt(4, changes.size());
                ps.setInt(5, botCount(changes));
                ps.setLong(6, reloadId);
                requireRow(ps.executeUpdate(), reloadId);
            }
            // A second plan for the same reload replaces the first instead of failing on seq.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM reload_change WHERE reload_id = ?")) {
                ps.setLong(1, reloadId);
                ps.executeUpdate();
            }
            List<AppliedChange> planned = new ArrayList<>(changes.size());
            for (FieldChange change : changes) {
                planned.add(new AppliedChange(change, false, null));
            }
            insertChanges(c, reloadId, planned, 0);
            return null;
        });
    }

    /**
     * Finishes a reload row. {@code results} are the planned changes as applied (same order);
     * {@code problems} are formatted problem lines. Results beyond the plan are added as rows;
     * with no results, the planned rows stay as recorded (not applied).
     */
    public void finishReload(long reloadId, Outcome outcome, Instant finishedAt, double durationMs,
            List<String> problems, List<AppliedChange> results) {
        if (outcome == Outcome.IN_PROGRESS) {
            throw new IllegalArgumentException("finishReload needs a final outcome, not IN_PROGRESS");
        }
        inWriteTransaction("finish reload #" + reloadId, c -> {
            int changeCount;
            int bots;
            if (results.isEmpty()) {
                int[] planned = plannedCounts(c, reloadId);
                changeCount = planned[0];
                bots = planned[1];
            } else {
                changeCount = results.size();
                bots = botCount(results.stream().map(AppliedChange::change).toList());
            }
            int failed = (int) results.stream().filter(r -> !r.applied()).count();
            try (PreparedStatement ps = c.prepareStatement("UPDATE reload SET outcome = ?, finished_at = ?,"
                    + " duration_ms = ?, problems = ?, change_count = ?, bots_changed = ?, failed_changes = ?,"
                    + " summary = ? WHERE id = ?")) {
                ps.setString(1, outcome.name());
                setInstant(ps, 2, finishedAt);
                ps.setDouble(3, durationMs);
                if (problems.isEmpty()) {
                    ps.setNull(4, Types.CLOB);
                } else {
                    ps.setString(4, String.join("\n", problems));
                }
                ps.setInt(5, changeCount);
                ps.setInt(6, bots);
                ps.setInt(7, failed);
                ps.setString(8, Summaries.of(outcome, changeCount, bots, failed, problems));
                ps.setLong(9, reloadId);
                requireRow(ps.executeUpdate(), reloadId);
            }
            updateResults(c, reloadId, results);
            return null;
        });
    }

    /** Newest first. */
    public List<ReloadSummary> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("history limit must be at least 1, not " + limit);
        }
        return inTransaction("read the reload history", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SUMMARY_COLUMNS + " FROM reload ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ReloadSummary> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(summary(rs));
                    }
                    return rows;
                }
            }
        });
    }

    public Optional<ReloadDetail> reload(long id) {
        return inTransaction("read reload #" + id, c -> {
            ReloadSummary summary;
            List<String> problems;
            String textDiff;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SUMMARY_COLUMNS + ", problems, text_diff FROM reload WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    summary = summary(rs);
                    String stored = rs.getString("problems");
                    problems = stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n", -1));
                    textDiff = Objects.requireNonNullElse(rs.getString("text_diff"), "");
                }
            }
            return Optional.of(new ReloadDetail(summary, problems, changeRows(c, id), textDiff));
        });
    }

    /** The exact file text reload {@code id} loaded, when it read one. */
    public Optional<String> loadedText(long id) {
        return inTransaction("read the config text of reload #" + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v.content FROM reload r"
                    + " JOIN config_version v ON v.id = r.new_version_id WHERE r.id = ?")) {
                ps.setLong(1, id);
                return firstString(ps);
            }
        });
    }

    /** The text of the config that is (or was last) running: the newest version a reload applied. */
    public Optional<String> lastAppliedText() {
        return inTransaction("read the last applied config text", c -> {
            // The subquery finds the row first, so only one version's text is read.
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM config_version WHERE id ="
                    + " (SELECT new_version_id FROM reload WHERE outcome IN (?, ?, ?) AND new_version_id IS NOT NULL"
                    + " ORDER BY id DESC FETCH FIRST 1 ROW ONLY)")) {
                for (int i = 0; i < RUNNING_OUTCOMES.size(); i++) {
                    ps.setString(i + 1, RUNNING_OUTCOMES.get(i).name());
                }
                return firstString(ps);
            }
        });
    }

    /**
     * The version that ran last, with the reload that applied it: what a start runs when the file
     * on disk is rejected. Empty when no reload ever applied one.
     */
    public Optional<AppliedVersion> lastApplied() {
        return inTransaction("read the last applied config version", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, v.id, v.content FROM reload r"
                    + " JOIN config_version v ON v.id = r.new_version_id WHERE r.outcome IN (?, ?, ?)"
                    + " ORDER BY r.id DESC FETCH FIRST 1 ROW ONLY")) {
                for (int i = 0; i < RUNNING_OUTCOMES.size(); i++) {
                    ps.setString(i + 1, RUNNING_OUTCOMES.get(i).name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AppliedVersion(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                            : Optional.<AppliedVersion>empty();
                }
            }
        });
    }

    public OptionalLong latestReloadId() {
        return inTransaction("read the latest reload id", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT MAX(id) FROM reload")) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            throw new AuditException("cannot close audit database " + where + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String operation, SqlWork<T> work) {
        return transaction(operation, false, work);
    }

    /**
     * A transaction whose commit, and every one before it, reaches the file before it returns.
     * H2 otherwise keeps commits in memory for up to half a second (WRITE_DELAY): a killed process
     * would lose the IN_PROGRESS row that tells the next start a reload was interrupted, and,
     * right after the first start, Flyway's record of the schema (leaving a database Flyway
     * refuses to open). Only the start, the plan and the outcome of a reload pay for it: every forced write adds a
     * chunk to the file, which H2 does not fully compact while it runs.
     */
    private <T> T inWriteTransaction(String operation, SqlWork<T> work) {
        return transaction(operation, true, work);
    }

    private <T> T transaction(String operation, boolean checkpoint, SqlWork<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new AuditException("cannot " + operation + ": audit database " + where + " is closed");
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    if (storeFailed) {
                        reopen();
                    }
                    T result = work.run(connection);
                    connection.commit();
                    if (checkpoint) {
                        checkpoint(connection);
                    }
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly(e);
                    if (attempt == 1 && lostConnection(e) && reconnected(e)) {
                        continue; // nothing was committed: the operation runs again, whole
                    }
                    storeFailed |= storeFailed(e);
                    throw new AuditException(
                            "cannot " + operation + " in audit database " + where + ": " + oneLine(e.getMessage()), e);
                } catch (RuntimeException e) {
                    rollbackQuietly(e);
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * With AUTO_SERVER the process that opened the file first serves it to the others. When that
     * was a CLI command or an H2 console and it exits, this connection breaks; a new one opens
     * the file itself (or reaches whoever serves it now), so the bot keeps its history.
     */
    private static boolean lostConnection(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.CONNECTION_BROKEN_1, ErrorCode.DATABASE_IS_CLOSED, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN,
                    ErrorCode.OBJECT_CLOSED -> true;
            default -> false;
        };
    }

    /**
     * H2 closes its store for good when a write to the file fails (disk full, file made read-only
     * or immutable, I/O error): every later statement on this connection fails with "This store is
     * closed", or the database reopened in the meantime is read-only. Without a new connection the
     * bot could not record, and so not apply, any reload until it restarts, even after the disk is
     * fixed. The next operation therefore starts from a fresh connection, which reopens the file.
     * (Not retried at once: a commit that reached memory but not the file is lost with the store.)
     */
    private static boolean storeFailed(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.GENERAL_ERROR_1, ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2,
                    ErrorCode.DATABASE_IS_READ_ONLY, ErrorCode.FILE_CORRUPTED_1 -> true;
            default -> lostConnection(e);
        };
    }

    private void reopen() throws SQLException {
        closeQuietly(connection);
        Connection fresh = DriverManager.getConnection(url, USER, password);
        fresh.setAutoCommit(false);
        connection = fresh;
        storeFailed = false;
        tightenFiles(dataDir);
        LOG.warn("Reopened audit database {} after a failed write", where);
    }

    /** H2 puts the statement on a second line; a problem, a log line and a row keep one line each. */
    private static String oneLine(@Nullable String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }

    private boolean reconnected(SQLException failure) {
        closeQuietly(connection);
        try {
            Connection fresh = DriverManager.getConnection(url, USER, password);
            fresh.setAutoCommit(false);
            connection = fresh;
            tightenFiles(dataDir);
            LOG.warn("Reconnected to audit database {} after losing the connection: {}", where, failure.getMessage());
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static void checkpoint(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        }
    }

    private void rollbackQuietly(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static OptionalLong versionId(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM config_version WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static int[] plannedCounts(Connection c, long reloadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT change_count, bots_changed FROM reload WHERE id = ?")) {
            ps.setLong(1, reloadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw noSuchReload(reloadId);
                }
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    private static void insertChanges(Connection c, long reloadId, List<AppliedChange> rows, int firstSeq)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reload_change (reload_id, seq, bot, path,"
                + " kind, old_value, new_value, action, applied, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = firstSeq;
            for (AppliedChange row : rows) {
                FieldChange change = row.change();
                ps.setLong(1, reloadId);
                ps.setInt(2, seq++);
                ps.setString(3, change.bot());
                ps.setString(4, change.path());
                ps.setString(5, change.kind().name());
                ps.setString(6, change.oldValue());
                ps.setString(7, change.newValue());
                ps.setString(8, change.action().name());
                ps.setBoolean(9, row.applied());
                ps.setString(10, shortened(row.error()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks the planned rows applied or failed, in plan order; results the plan lacks become rows. */
    private static void updateResults(Connection c, long reloadId, List<AppliedChange> results) throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE reload_change SET applied = ?, error = ? WHERE reload_id = ? AND seq = ?")) {
            for (int seq = 0; seq < results.size(); seq++) {
                AppliedChange result = results.get(seq);
                ps.setBoolean(1, result.applied());
                ps.setString(2, shortened(result.error()));
                ps.setLong(3, reloadId);
                ps.setInt(4, seq);
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        int planned = 0;
        while (planned < updated.length && updated[planned] > 0) {
            planned++;
        }
        insertChanges(c, reloadId, results.subList(planned, results.size()), planned);
    }

    private static List<ChangeRow> changeRows(Connection c, long reloadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bot, path, kind, old_value, new_value, action,"
                + " applied, error FROM reload_change WHERE reload_id = ? ORDER BY seq")) {
            ps.setLong(1, reloadId);
            try (ResultSet rs = ps.executeQuery()) {
                List<ChangeRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new ChangeRow(
                            rs.getString("bot"),
                            rs.getString("path"),
                            ChangeKind.valueOf(rs.getString("kind")),
                            rs.getString("old_value"),
                            rs.getString("new_value"),
                            ApplyAction.valueOf(rs.getString("action")),
                            rs.getBoolean("applied"),
                            rs.getString("error")));
                }
                return rows;
            }
        }
    }

    private static ReloadSummary summary(ResultSet rs) throws SQLException {
        return new ReloadSummary(
                rs.getLong("id"),
                Trigger.valueOf(rs.getString("trigger")),
                instant(rs, "requested_at"),
                nullableInstant(rs, "finished_at"),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("config_path"),
                rs.getObject("previous_version_id", Long.class),
                rs.getObject("new_version_id", Long.class),
                rs.getInt("coalesced_signals"),
                rs.getInt("change_count"),
                rs.getInt("bots_changed"),
                rs.getObject("duration_ms", Double.class),
                rs.getString("summary"));
    }

    private static Optional<String> firstString(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    private static void requireRow(int updated, long reloadId) throws SQLException {
        if (updated == 0) {
            throw noSuchReload(reloadId);
        }
    }

    private static SQLException noSuchReload(long reloadId) {
        return new SQLException("there is no reload #" + reloadId);
    }

    private static @Nullable String shortened(@Nullable String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH
                ? error
                : error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    private static int botCount(List<FieldChange> changes) {
        Set<String> bots = new HashSet<>();
        for (FieldChange change : changes) {
            bots.add(change.bot());
        }
        return bots.size();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
    }

    private static void setLong(PreparedStatement ps, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Instant instant = nullableInstant(rs, column);
        if (instant == null) {
            throw new SQLException("column " + column + " is unexpectedly NULL");
        }
        return instant;
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String openHint(SQLException e, Path dataDir) {
        // 90020: the file is held by a process that opened it without AUTO_SERVER (an H2 console
        // started by hand, say); it must close, or connect with the URL hupbot uses.
        return switch (e.getErrorCode()) {
            case 90020 -> " (another program has it open without AUTO_SERVER=TRUE: close it, or connect with that setting)";
            case ErrorCode.WRONG_USER_OR_PASSWORD -> " (the admin password is the one in " + AdminPassword.file(dataDir)
                    + ": restore that file from the data directory's backup, or run hupbot as the account that owns it)";
            default -> "";
        };
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the failure being reported matters more
        }
    }
}
