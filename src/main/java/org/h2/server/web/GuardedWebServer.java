package org.h2.server.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.util.NetUtils;
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
 *       try the database's admin user, and every wrong password H2 checks holds its engine lock
 *       for a growing delay, which stalls every other connection (the CLI's too).</li>
 *   <li>Actions that change state for later visitors ({@link #REFUSED_ACTIONS}) are refused,
 *       with or without a login, and the saved logins are fixed once offered.</li>
 * </ul>
 *
 * <p>Start it with {@link #init}, {@link #start} and {@link #listen} (on a thread of its own), as
 * {@code org.h2.tools.Server} does; {@link #stop} closes the socket, the sessions and their
 * connections.
 */
public final class GuardedWebServer extends WebServer {

    /**
     * Refuses a login by throwing, before H2 sees it; the message is shown on the console's login
     * page. {@code client} is the browser's address. A login it lets through reaches H2, and the
     * connection H2 opens goes through {@link #opened}.
     */
    @FunctionalInterface
    public interface LoginCheck {
        void check(String client, String driver, String url, String user, String password) throws SQLException;

        /** The connection the console session gets (e.g. one whose statements are watched). */
        default Connection opened(Connection connection) {
            return connection;
        }
    }

    /**
     * Console actions refused to everyone: they change what later visitors see (saved logins),
     * edit rows, or are the admin pages (whose password nobody knows; refusing them also stops
     * anyone guessing it). Logging in, querying, browsing tables and logging out remain.
     */
    static final Set<String> REFUSED_ACTIONS = Set.of("settingSave.do", "settingRemove.do", "editResult.do",
            "admin.do", "adminSave.do", "adminStartTranslate.do", "adminShutdown.do", "adminLogin.do", "tools.do");

    /** Shown on the login page for a refused action. */
    public static final String REFUSED_MESSAGE = "This console is read-only: saved logins, row edits, tools and"
            + " preferences cannot be changed here";

    private final ServerSocket socket;
    private final LoginCheck loginCheck;
    private final Set<WebThread> requests = ConcurrentHashMap.newKeySet();
    private volatile boolean settingsFixed;

    public GuardedWebServer(ServerSocket boundSocket, LoginCheck check) {
        this.socket = boundSocket;
        this.loginCheck = check;
    }

    /** Fills the login form with the one connection this console is for (H2's driver). */
    public void offerLogin(String name, String url, String user) {
        // H2's own settings format: name|driver|url|user.
        updateSetting(new ConnectionInfo(String.join("|", name, "org.h2.Driver", url, user)));
        settingsFixed = true;
    }

    /** After {@link #offerLogin}, the saved logins never change (H2's login also saves one). */
    @Override
    void updateSetting(ConnectionInfo info) {
        if (!settingsFixed) {
            super.updateSetting(info);
        }
    }

    @Override
    void removeSetting(String name) {
        // nothing is removed: the one saved login is the one offered
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
            WebThread request = new GuardedThread(client, this);
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
        String client = NetUtils.ipToShortForm(null, networkConnectionInfo.getClientAddr(), false).toString();
        loginCheck.check(client, driver, databaseUrl, user, password);
        return loginCheck.opened(
                super.getConnection(driver, databaseUrl, user, password, userKey, networkConnectionInfo));
    }

    /** One request: a refused action shows the login page with {@link #REFUSED_MESSAGE} instead. */
    private static final class GuardedThread extends WebThread {
        GuardedThread(Socket socket, WebServer server) {
            super(socket, server);
        }

        @Override
        String processRequest(String file, NetworkConnectionInfo networkConnectionInfo) {
            if (session != null && REFUSED_ACTIONS.contains(file)) {
                mimeType = "text/html";
                cache = false;
                session.put("error", "<div class=\"error\">" + PageParser.escapeHtml(REFUSED_MESSAGE) + "</div>");
                return "login.jsp";
            }
            return super.processRequest(file, networkConnectionInfo);
        }
    }
}
