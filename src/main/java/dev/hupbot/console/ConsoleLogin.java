package dev.hupbot.console;

import dev.hupbot.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.h2.server.web.GuardedWebServer;

/**
 * The only login the console accepts: user {@value ConsoleUser#NAME} (any case, as H2 upper-cases
 * names), on the audit database's own URL, through H2's driver, with the console password, which
 * is checked here, before H2: a wrong password never reaches H2, whose wrong-password delay holds
 * its engine lock and would stall the bot's and the CLI's connections. Failed logins are limited
 * per client address ({@link LoginThrottle}). Anything else would turn a read-only console into a
 * way in as the admin user, or into other databases and drivers.
 */
final class ConsoleLogin implements GuardedWebServer.LoginCheck {
    /** SQLSTATE for "invalid authorization specification", as H2 uses for a wrong password. */
    private static final String REFUSED = "28000";
    private static final String DRIVER = "org.h2.Driver";

    private final String jdbcUrl;
    private final byte[] password;
    private final LoginThrottle throttle;
    private final QueryGuard queries;

    ConsoleLogin(String jdbcUrl, Secret password, LoginThrottle throttle, QueryGuard queries) {
        this.jdbcUrl = jdbcUrl;
        this.password = password.reveal().getBytes(StandardCharsets.UTF_8);
        this.throttle = throttle;
        this.queries = queries;
    }

    @Override
    public void check(String client, String driver, String url, String user, String given) throws SQLException {
        Optional<Duration> wait = throttle.refusal(client);
        if (wait.isPresent()) {
            throw new SQLException("Too many failed logins from " + client + " (" + LoginThrottle.MAX_FAILURES
                    + " a minute): try again in " + Math.max(1, wait.get().toSeconds()) + " s", REFUSED);
        }
        try {
            checkFields(driver, url, user, given);
        } catch (SQLException e) {
            throttle.failed(client);
            throw e;
        }
    }

    private void checkFields(String driver, String url, String user, String given) throws SQLException {
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
        if (!MessageDigest.isEqual(password, given.getBytes(StandardCharsets.UTF_8))) {
            throw new SQLException("Wrong user name or password", REFUSED);
        }
    }

    @Override
    public Connection opened(Connection connection) {
        return queries.guard(connection);
    }
}
