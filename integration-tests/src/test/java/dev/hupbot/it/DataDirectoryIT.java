package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.Cli;
import dev.hupbot.it.support.HupbotProcess;
import dev.hupbot.it.support.Jar;
import dev.hupbot.it.support.OtherAccount;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, findings 1 and 2: the data directory and its files are private whatever the umask,
 * another account can neither read them nor get in as the database's admin, a directory others
 * control is refused, planted symlinks are not followed, and a database file another account
 * prepared is never opened.
 */
class DataDirectoryIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;
    Path config;
    Path data;
    HupbotProcess bot;

    @BeforeEach
    void files() throws Exception {
        // The other account must be able to reach the data directory's parent: only the
        // directory's own mode may keep it out.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
        Files.writeString(config, ShellReloadIT.configWith("Hello {user}!"));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private HupbotProcess startUnderUmask000() {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$0\" \"$@\""));
        command.addAll(Jar.javaCommand());
        return HupbotProcess.start(command, config, data, ShellReloadIT.ENV, "--chat", "shell");
    }

    @Test
    void theDirectoryIs0700AndEveryFile0600EvenUnderUmask000() throws Exception {
        bot = startUnderUmask000();
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        await().atMost(WAIT).until(() -> Files.exists(data.resolve("status.json")));

        assertThat(mode(data)).isEqualTo("rwx------");
        for (String name : List.of("hupbot.mv.db", "hupbot.lock.db", "hupbot.pid", "status.json", "db.password")) {
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
        }
        try (var files = Files.list(data)) {
            assertThat(files).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void anExistingOpenDirectoryAndItsFilesAreTightened() throws Exception {
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(data.resolve("hupbot.log"), "old log\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(old)).isEqualTo("rw-------");
    }

    @Test
    void runRefusesADirectoryGroupCanWrite() throws Exception {
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));

        Cli.Result run = Cli.run(ShellReloadIT.ENV, "run", "--config", config.toString(), "--data", data.toString(),
                "--chat", "shell");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("hupbot run: the data directory " + data + " is writable by group or"
                + " others (mode 0775), so other accounts could plant files in it; fix it with chmod 700 " + data + "\n");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void runRefusesADirectoryAnotherAccountOwns() throws Exception {
        OtherAccount.require();
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        assertThat(OtherAccount.run(List.of("chown", OtherAccount.NAME, data.toString())).exitCode()).isZero();

        Cli.Result run = Cli.run(ShellReloadIT.ENV, "run", "--config", config.toString(), "--data", data.toString(),
                "--chat", "shell");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("hupbot run: the data directory " + data + " belongs to "
                + OtherAccount.NAME + ", not to this account (uid 0), and hupbot opens no file another account"
                + " controls; run hupbot as " + OtherAccount.NAME).endsWith("\n").hasLineCount(1);
    }

    @Test
    void anotherAccountCannotReadTheFilesNorGetInAsAdmin() throws Exception {
        OtherAccount.require();
        bot = startUnderUmask000();
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        for (String name : List.of("hupbot.lock.db", "hupbot.mv.db", "db.password")) {
            Cli.Result cat = OtherAccount.runAs(List.of("cat", data.resolve(name).toString()));
            assertThat(cat.exitCode()).as("cat " + name + " as another account").isNotZero();
            assertThat(cat.stderr()).contains("Permission denied");
        }
        List<String> history = new ArrayList<>(Jar.javaCommand());
        history.addAll(List.of("history", "--data", data.toString()));
        Cli.Result asOther = OtherAccount.runAs(history);
        assertThat(asOther.exitCode()).isEqualTo(2);
        assertThat(asOther.stderr()).isEqualTo("hupbot history: cannot read the data directory " + data
                + ": permission denied; run hupbot as root, the account that owns it\n");

        // The admin's password is not the empty one any more, even for whoever knows the URL.
        String state = "connected";
        try (Connection c = DriverManager.getConnection(AuditStore.jdbcUrl(data), AuditStore.USER, "")) {
            state = "connected as admin with the empty password: " + c.isValid(1);
        } catch (SQLException e) {
            state = e.getSQLState();
        }
        assertThat(state).isEqualTo("28000");
    }

    @Test
    void symlinksPlantedAtTheTemporaryFilesAreNotFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "root's file\n");
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(data.resolve("hupbot.pid.tmp"), victim);
        Files.createSymbolicLink(data.resolve("status.json.tmp"), victim);

        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        Path status = data.resolve("status.json");
        await().atMost(WAIT).until(() -> Files.exists(status));
        String first = Files.readString(status);
        await().atMost(WAIT).until(() -> !Files.readString(status).equals(first)); // rewritten at least once more

        assertThat(Files.readString(victim)).isEqualTo("root's file\n");
        assertThat(Files.isSymbolicLink(status)).isFalse();
        assertThat(Files.isSymbolicLink(data.resolve("hupbot.pid"))).isFalse();
        assertThat(Files.exists(data.resolve("status.json.tmp"), LinkOption.NOFOLLOW_LINKS)
                && Files.isSymbolicLink(data.resolve("status.json.tmp"))).isFalse();
    }

    @Test
    void theCliRefusesADatabaseFileAnotherAccountOwns() throws Exception {
        OtherAccount.require();
        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        bot.signal("TERM");
        assertThat(bot.awaitExit(WAIT)).isZero();
        Path db = data.resolve("hupbot.mv.db");
        assertThat(OtherAccount.run(List.of("chown", OtherAccount.NAME, db.toString())).exitCode()).isZero();
        try {
            refusedEverywhere(db);
        } finally {
            OtherAccount.run(List.of("chown", "0", db.toString())); // so the no-leak scan can read it afterwards
        }
    }

    private void refusedEverywhere(Path db) {
        for (String[] command : List.of(new String[] {"history"}, new String[] {"history", "show", "1"},
                new String[] {"diff", config.toString()})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--data", data.toString()));
            Cli.Result result = Cli.run(Map.of(), args.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(result.stderr()).as(String.join(" ", command))
                    .contains("the audit database " + db + " belongs to " + OtherAccount.NAME
                            + ", not to this account (uid 0), and hupbot opens no file another account controls")
                    .hasLineCount(1);
        }
        Cli.Result run = Cli.run(ShellReloadIT.ENV, "run", "--config", config.toString(), "--data", data.toString(),
                "--chat", "shell");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("the audit database " + db + " belongs to " + OtherAccount.NAME);
    }

    @Test
    void anOldDatabaseWithAnEmptyAdminPasswordIsReKeyedAndKeepsItsHistory() throws Exception {
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        // What earlier versions made: the schema, and an admin with the empty password.
        org.flywaydb.core.Flyway.configure(AuditStore.class.getClassLoader())
                .dataSource(AuditStore.jdbcUrl(data), AuditStore.USER, "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        assertThat(data.resolve("db.password")).doesNotExist();

        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

        assertThat(mode(data.resolve("db.password"))).isEqualTo("rw-------");
        assertThat(Files.readString(data.resolve("db.password")).strip()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(bot.stderr()).anyMatch(l -> l.contains("The audit database's admin user had an empty password;"
                + " it now has the random one in " + data.resolve("db.password") + " (0600)"));
        Cli.Result history = Cli.run(Map.of(), "history", "--data", data.toString());
        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout()).contains("STARTUP");
        assertThat(AuditRows.awaitAfter(data, 0, WAIT).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aDotEnvSavedOverTheBotsFileLeavesNoTokenInTheDatabaseFile() throws Exception {
        String leaked = "oauth:dotenv0saved0by0mistake42";
        String apiKey = "sk-dotenv-api-key-0123456789";
        dev.hupbot.it.support.SecretWatch.secret(leaked);
        dev.hupbot.it.support.SecretWatch.secret(apiKey);
        bot = HupbotProcess.shell(config, data, ShellReloadIT.ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        long before = AuditRows.latestId(data);

        Files.writeString(config, "TWITCH_TOKEN_STICKYMAN=" + leaked + "\nOPENAI_API_KEY=" + apiKey + "\n");
        bot.signal("HUP");
        assertThat(AuditRows.awaitAfter(data, before, WAIT).outcome()).isEqualTo(Outcome.REJECTED);
        bot.signal("TERM");
        assertThat(bot.awaitExit(WAIT)).isZero();

        // What `strings hupbot.mv.db` would show.
        String file = new String(Files.readAllBytes(data.resolve("hupbot.mv.db")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(file).contains("TWITCH_TOKEN_STICKYMAN=\"***\"").doesNotContain(leaked).doesNotContain(apiKey);
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
