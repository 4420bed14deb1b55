package dev.hupbot.console;

import java.sql.SQLException;
import org.h2.server.web.GuardedWebServer;

/**
 * The only login the console accepts: user {@value ConsoleUser#NAME} (any case, as H2 upper-cases
 * names), on the audit database's own URL, through H2's driver. Anything else would turn a
 * read-only console into a way in as the admin user, or into other databases and drivers.
 */
record ConsoleLogin(String jdbcUrl) implements GuardedWebServer.LoginCheck {
    /** SQLSTATE for "invalid authorization specification", as H2 uses for a wrong password. */
    private static final String REFUSED = "28000";
    private static final String DRIVER = "org.h2.Driver";

    @Override
    public void check(String driver, String url, String user) throws SQLException {
        if (!user.trim().equalsIgnoreCase(ConsoleUser.NAME)) {
            throw new SQLException("This console is read-only: log in as user " + ConsoleUser.NAME
                    + " with the password in HUPBOT_H2_CONSOLE_PASSWORD", REFUSED);
        }
        if (!url.trim().equals(jdbcUrl)) {
            throw new SQLException("This console opens one database: use the JDBC URL " + jdbcUrl, REFUSED);
        }
        String trimmedDriver = driver.trim();
        if (!trimmedDriver.isEmpty() && !trimmedDriver.equals(DRIVER)) {
            throw new SQLException("This console connects with the driver class " + DRIVER + " only", REFUSED);
        }
    }
}
