package dev.hupbot.console;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.config.Secret;
import dev.hupbot.net.ListenAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.h2.server.web.GuardedWebServer;
import org.h2.server.web.WebServer;
import org.jspecify.annotations.Nullable;

/**
 * H2's web console inside {@code hupbot run}, for reading the audit history in a browser.
 *
 * <p>Two steps, so that a taken port stops the process before any bot connects: {@link #bind}
 * opens the socket; {@link #serve}, once the database is migrated, recreates the read-only
 * {@link ConsoleUser} and starts answering. What the console allows:
 * <ul>
 *   <li>logging in only as {@value ConsoleUser#NAME}, only to the audit database's URL
 *       ({@link ConsoleLogin});</li>
 *   <li>no new databases ({@code -ifExists});</li>
 *   <li>no admin pages (preferences, tools, shutdown): their password is random and never shown;</li>
 *   <li>browsers on other hosts only when the socket is bound to a non-loopback address
 *       ({@code -webAllowOthers}), which the operator asks for by choosing that address;</li>
 *   <li>no settings file: nothing is read from or written to the user's home directory;</li>
 *   <li>no action that changes state for later visitors (saved logins, row edits, admin pages);</li>
 *   <li>the password checked before H2 sees it, and {@value LoginThrottle#MAX_FAILURES} failed
 *       logins a minute per client address;</li>
 *   <li>every console query cancelled after {@link QueryGuard#TIME_LIMIT} or when it fills the
 *       heap ({@link QueryGuard}), so no query can make H2 close the database the bot records in.</li>
 * </ul>
 */
public final class H2Console implements AutoCloseable {
    static final String LOGIN_NAME = "hupbot audit history (read-only)";

    private final ServerSocket socket;
    private final QueryGuard queries = new QueryGuard(QueryGuard.TIME_LIMIT);
    private @Nullable GuardedWebServer server;
    private @Nullable String jdbcUrl;

    private H2Console(ServerSocket socket) {
        this.socket = socket;
    }

    /** Opens the console's socket; port 0 picks a free one ({@link #address()} tells which). */
    public static H2Console bind(ListenAddress address) {
        // Before H2's classes load: they fix the AUTO_SERVER listener's address when they do.
        AuditStore.bindToLoopback();
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.bind(address.socketAddress());
            return new H2Console(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConsoleException("cannot open the H2 console on " + address + ": "
                    + e.getMessage() + " (choose another --h2-console-port, or --h2-console-bind)", e);
        }
    }

    /**
     * Gives {@value ConsoleUser#NAME} the password and starts serving the database in
     * {@code dataDir}, which the running process has open and migrated.
     */
    public void serve(Path dataDir, Secret password) {
        if (server != null) {
            throw new IllegalStateException("the H2 console is serving already");
        }
        String url = AuditStore.jdbcUrl(dataDir);
        try (Connection admin = AuditStore.adminConnection(dataDir)) {
            ConsoleUser.install(admin, password.reveal());
        } catch (SQLException e) {
            throw new ConsoleException("cannot set up the console user " + ConsoleUser.NAME + " in audit database "
                    + AuditStore.databaseFile(dataDir) + ": " + e.getMessage(), e);
        }
        GuardedWebServer web = new GuardedWebServer(socket,
                new ConsoleLogin(url, password, new LoginThrottle(Clock.systemUTC()), queries));
        web.init(arguments().toArray(String[]::new));
        web.offerLogin(LOGIN_NAME, url, ConsoleUser.NAME);
        web.start();
        Thread listener = new Thread(web::listen, "h2-console");
        listener.setDaemon(true);
        listener.start();
        this.server = web;
        this.jdbcUrl = url;
    }

    /** Drops {@value ConsoleUser#NAME} from the database in {@code dataDir}: for a start without a console. */
    public static void removeUser(Path dataDir) {
        try (Connection admin = AuditStore.adminConnection(dataDir)) {
            ConsoleUser.remove(admin);
        } catch (SQLException e) {
            throw new ConsoleException("cannot remove the console user " + ConsoleUser.NAME + " from audit database "
                    + AuditStore.databaseFile(dataDir) + ": " + e.getMessage(), e);
        }
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(
                "-webPort", Integer.toString(socket.getLocalPort()),
                "-properties", "null",
                "-ifExists",
                "-webAdminPassword", randomAdminPassword()));
        if (!socket.getInetAddress().isLoopbackAddress()) {
            args.add("-webAllowOthers");
        }
        return args;
    }

    /** Where the console listens (the real port when it was bound to port 0). */
    public ListenAddress address() {
        return new ListenAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** The URL to log in with, once serving: the audit database's AUTO_SERVER URL. */
    public String jdbcUrl() {
        if (jdbcUrl == null) {
            throw new IllegalStateException("the H2 console is not serving yet");
        }
        return jdbcUrl;
    }

    /** Stops serving: closes the socket, the console's sessions and their connections. */
    @Override
    public void close() {
        GuardedWebServer web = server;
        if (web != null) {
            web.stop();
        }
        queries.close();
        closeQuietly(socket);
    }

    /** A password nobody knows, in the salted-hash form H2 requires for {@code -webAdminPassword}. */
    private static String randomAdminPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return WebServer.encodeAdminPassword(Base64.getEncoder().encodeToString(bytes));
    }

    private static void closeQuietly(@Nullable ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was served on it
        }
    }
}
