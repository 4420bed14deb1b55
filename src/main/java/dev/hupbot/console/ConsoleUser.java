package dev.hupbot.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database user people log into the H2 console as: {@value #NAME}, who may SELECT from the
 * views made for reading ({@link #VIEWS}) and do nothing else. H2 checks a view's rights on the
 * view alone, so the tables behind them stay closed: no INSERT, UPDATE, DELETE, DROP or CREATE,
 * and no admin functions (FILE_READ, SCRIPT, SHUTDOWN).
 *
 * <p>The password is never in a migration: {@code hupbot run} recreates the user at every start
 * with the password it was given, so a changed password applies and rights granted by hand do not
 * linger. H2 keeps only a salted hash of it.
 */
public final class ConsoleUser {
    public static final String NAME = "CONSOLE";

    /** What the console user may read (db/migration V1 and V2). */
    public static final List<String> VIEWS = List.of("RELOAD_HISTORY", "RELOAD_CHANGES", "CONFIG_VERSIONS");

    private ConsoleUser() {}

    /** Creates the user afresh with {@code password}; {@code admin} must be an admin connection. */
    public static void install(Connection admin, String password) throws SQLException {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the console user needs a password");
        }
        remove(admin);
        // A parameter, not a literal: the password is neither quoted into SQL nor kept in its text.
        try (PreparedStatement create = admin.prepareStatement("CREATE USER " + NAME + " PASSWORD ?")) {
            create.setString(1, password);
            create.execute();
        }
        try (Statement grant = admin.createStatement()) {
            for (String view : VIEWS) {
                grant.execute("GRANT SELECT ON " + view + " TO " + NAME);
            }
        }
    }

    /** Drops the user, if there is one: without a console, its old password must not keep working. */
    public static void remove(Connection admin) throws SQLException {
        try (Statement drop = admin.createStatement()) {
            drop.execute("DROP USER IF EXISTS " + NAME);
        }
    }
}
