package org.h2.server.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.util.NetworkConnectionInfo;

/**
 * H2's web console with the two changes hupbot needs. It lives in H2's package because both
 * hooks are package-private there; it holds no copy of H2's code, only overrides.
 *
 * <ul>
 *   <li>It serves on a socket the caller bound. H2 binds every server socket of a process to the
 *       one address in {@code h2.bindAddress}, which also places the audit database's
 *       AUTO_SERVER listener: that one must stay on loopback when the console is published.</li>
 *   <li>Every login passes a {@link LoginCheck} before H2 opens a connection. The console's login
 *       form takes any URL, user and driver; unchecked, it would let anyone who reaches the page
 *       in as the database's admin user, whose password is empty.</li>
 * </ul>
 *
 * <p>Start it with {@link #init}, {@link #start} and {@link #listen} (on a thread of its own), as
 * {@code org.h2.tools.Server} does; {@link #stop} closes the socket, the sessions and their
 * connections.
 */
public final class GuardedWebServer extends WebServer {

    /** Refuses a login by throwing; the message is shown on the console's login page. */
    @FunctionalInterface
    public interface LoginCheck {
        void check(String driver, String url, String user) throws SQLException;
    }

    private final ServerSocket socket;
    private final LoginCheck loginCheck;
    private final Set<WebThread> requests = ConcurrentHashMap.newKeySet();

    public GuardedWebServer(ServerSocket boundSocket, LoginCheck check) {
        this.socket = boundSocket;
        this.loginCheck = check;
    }

    /** Fills the login form with the one connection this console is for (H2's driver). */
    public void offerLogin(String name, String url, String user) {
        // H2's own settings format: name|driver|url|user.
        updateSetting(new ConnectionInfo(String.join("|", name, "org.h2.Driver", url, user)));
    }

    @Override
    public void start() {
        // The socket is bound already; H2 shows the port on its (disabled) preferences page.
        setPort(socket.getLocalPort());
    }

    @Override
    public void listen() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // stop() closed the socket
            }
            WebThread request = new WebThread(client, this);
            requests.add(request);
            request.start();
        }
    }

    @Override
    synchronized void remove(WebThread request) {
        requests.remove(request);
        super.remove(request);
    }

    @Override
    public boolean isRunning(boolean traceError) {
        return !socket.isClosed();
    }

    @Override
    public boolean isStopped() {
        return socket.isClosed();
    }

    @Override
    public void stop() {
        try {
            socket.close();
        } catch (IOException e) {
            traceError(e);
        }
        super.stop(); // closes the web sessions and their database connections
        for (WebThread request : requests) {
            request.stopNow();
        }
    }

    @Override
    Connection getConnection(String driver, String databaseUrl, String user, String password, String userKey,
            NetworkConnectionInfo networkConnectionInfo) throws SQLException {
        loginCheck.check(driver, databaseUrl, user);
        return super.getConnection(driver, databaseUrl, user, password, userKey, networkConnectionInfo);
    }
}
