package dev.hupbot.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Twitch chat on 127.0.0.1: IRC over WebSocket ({@link #ircUrl()}) and the
 * token-validate endpoint ({@link #authUrl()}{@code /validate}). It speaks just enough of Twitch's
 * dialogue for twitch4j (capabilities, welcome, GLOBALUSERSTATE; per JOIN the echo, NAMES,
 * USERSTATE and ROOMSTATE), counts connections per login and records every JOIN, PART and
 * PRIVMSG with the login that sent it. Like Twitch, it passes a PRIVMSG on to the other
 * connections in that channel (so bots see each other) but not back to its sender.
 *
 * <p>Each connection has an id (1, 2, … in the order they opened): every line a client sends is
 * {@linkplain #linesFrom recorded} with its connection and time (QUITs included), and so is each
 * connection's {@linkplain #presences stay in a channel}, so a test can tell which connection
 * answered and whether a bot was in a channel at every moment.
 *
 * <p>Tokens are what decide a login: {@link #token(String)} mints one for a login; an unknown or
 * {@linkplain #rejectToken rejected} token gets 401 from validate and {@code Login authentication
 * failed} on IRC, after which the connection is closed, as Twitch does.
 *
 * <p>Twitch's refresh flow is there too: {@code POST /oauth2/token} with
 * {@code grant_type=refresh_token} trades a {@linkplain #refreshToken(String) refresh token} for a
 * new accepted access token (and, by default, a new refresh token, the old one then being spent).
 * Every request is {@linkplain #refreshRequests() recorded}; the {@linkplain #tokenLifetime
 * lifetime} validate and refresh answers give is configurable, and refreshes can be
 * {@linkplain #refuseRefreshes refused}.
 *
 * <p>Every query returns a snapshot and is safe from any thread. All threads are daemons;
 * {@link #close()} frees both ports.
 */
public final class FakeTwitchServer implements AutoCloseable {

    /** A JOIN, PART or PRIVMSG as the server saw it ({@code text} is empty for JOIN and PART). */
    public record ChatLine(String login, String channel, String text) {}

    /**
     * One line a client sent, on which connection and when ({@link System#nanoTime()} of this JVM).
     * {@code login} is empty before NICK; the token of a PASS line is replaced by {@code ***}.
     */
    public record ClientLine(int connection, String login, long atNanos, String command, String line) {}

    /** A bot's PRIVMSG with the connection that carried it and when it arrived. */
    public record TimedMessage(int connection, long atNanos, ChatLine line) {}

    /**
     * One connection's stay in a channel: from the server's answer to its JOIN until its PART or
     * the socket's close ({@code leftNanos} is {@link Long#MAX_VALUE} while it is still there).
     */
    public record Presence(int connection, String login, String channel, long joinedNanos, long leftNanos) {}

    /**
     * A {@code POST /oauth2/token} as the server got it, and what it answered.
     *
     * @param form the decoded form fields ({@code grant_type}, {@code refresh_token}, {@code client_id}, {@code client_secret})
     * @param status the HTTP status of the answer
     * @param accessToken the access token it minted, when it answered 200
     * @param refreshToken the refresh token it handed out with it, when it answered 200
     */
    public record RefreshRequest(Map<String, String> form, int status, @Nullable String accessToken,
            @Nullable String refreshToken) {
        public RefreshRequest {
            form = Map.copyOf(form);
        }

        public String field(String name) {
            return form.getOrDefault(name, "");
        }
    }

    /** Twitch's own answer for a validate call: about 60 days. */
    /** The grant type of Twitch's device code flow. */
    public static final String TWITCH_DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final List<String> DEFAULT_SCOPES = List.of("chat:read", "chat:edit");

    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(5_183_999);

    private enum Kind { JOIN, PART, PRIVMSG }

    /** Where a device login stands: as Twitch's {@code /token} reports it to the polling client. */
    public enum DeviceState { PENDING, SLOW_DOWN, APPROVED, DENIED, EXPIRED, REDEEMED }

    /** One device login: its codes, the scopes asked for, and who approved it with what. */
    private static final class Device {
        final String deviceCode;
        final String userCode;
        final List<String> scopes;
        volatile DeviceState state = DeviceState.PENDING;
        volatile @Nullable String login;
        volatile List<String> granted = List.of();
        final AtomicInteger polls = new AtomicInteger();

        Device(String deviceCode, String userCode, List<String> scopes) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.scopes = scopes;
        }
    }

    private record Entry(Kind kind, ChatLine line) {}

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int STOP_TIMEOUT_MS = 2_000;

    private final Map<String, String> loginByToken = new ConcurrentHashMap<>();
    private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> chatRefusedTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> unansweredJoinTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final ConcurrentLinkedQueue<ClientLine> clientLines = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TimedMessage> timedMessages = new ConcurrentLinkedQueue<>();
    private final Map<String, Presence> presences = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> loginFailures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pongs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> validations = new ConcurrentHashMap<>();
    private final Map<String, String> numericIds = new ConcurrentHashMap<>();
    private final Map<String, String> loginByRefreshToken = new ConcurrentHashMap<>();
    private final Map<String, List<String>> loginTokens = new ConcurrentHashMap<>();
    private final List<RefreshRequest> refreshRequests = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> scopesByToken = new ConcurrentHashMap<>();
    private final Map<String, List<String>> scopesByRefreshToken = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final List<String> revocations = new CopyOnWriteArrayList<>();
    private volatile Duration deviceInterval = Duration.ofSeconds(1);
    private volatile Duration deviceLifetime = Duration.ofSeconds(1800);
    private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private volatile @Nullable String clientId;
    private volatile @Nullable String clientSecret;
    private volatile int refusal;
    private volatile boolean rotateRefreshTokens = true;
    private volatile long oversizedValidations;
    private final AtomicLong oversizedSent = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong(100_000);
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile Consumer<ChatLine> messageListener = line -> { };
    /** Replaced by {@link #startChat()} after {@link #stopChat()}: a WebSocketServer starts only once. */
    private volatile Irc irc;
    private volatile int ircPort;
    private final HttpServer http;

    private FakeTwitchServer() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.irc = new Irc(new InetSocketAddress(loopback, 0));
        this.http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        http.createContext("/", this::serveHttp);
    }

    /** Starts both servers on free ports of 127.0.0.1 and returns once they accept connections. */
    public static FakeTwitchServer start() {
        try {
            FakeTwitchServer server = new FakeTwitchServer();
            server.startHttp();
            server.irc.startAndWait();
            server.ircPort = server.irc.getPort();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("fake Twitch server did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's HTTP server makes its dispatcher thread inherit the daemon flag of the thread that
     * starts it; started from a daemon thread, a test that forgets to close this server cannot keep
     * the JVM alive.
     */
    private void startHttp() {
        Thread starter = new Thread(http::start, "fake-twitch-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join(START_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake Twitch HTTP server", e);
        }
    }

    /** {@code ws://127.0.0.1:PORT}: what the bot's IRC URL setting should be. */
    public String ircUrl() {
        return "ws://127.0.0.1:" + ircPort;
    }

    /** {@code http://127.0.0.1:PORT/oauth2}: the auth base URL; validate lives at {@code /validate} below it. */
    public String authUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/oauth2";
    }

    /** {@code http://127.0.0.1:PORT/helix}: answers 404 to everything; there so no setting points at Twitch. */
    public String helixUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/helix";
    }

    // ---- tokens ---------------------------------------------------------------------------------

    /** Mints a new token that validates as {@code login} and lets it log in to chat. */
    public String token(String login) {
        String token = "fake" + nextId.incrementAndGet() + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        acceptToken(token, login);
        SecretWatch.secret(token);
        return token;
    }

    /** Lets {@code token} log in as {@code login} (and validate as that account). */
    public void acceptToken(String token, String login) {
        loginByToken.put(token, normalise(login));
        rejectedTokens.remove(token);
    }

    /** From now on {@code token} gets 401 from validate and {@code Login authentication failed} on IRC. */
    public void rejectToken(String token) {
        rejectedTokens.add(token);
    }

    /**
     * From now on {@code token} still validates, but chat refuses its login as Twitch does: the
     * NOTICE {@code Login authentication failed}, then the socket closes.
     */
    public void refuseChatLogin(String token) {
        chatRefusedTokens.add(token);
    }

    /** Mints a refresh token that {@code /oauth2/token} trades for access tokens of {@code login}. */
    public String refreshToken(String login) {
        String token = "refresh" + nextId.incrementAndGet() + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        loginByRefreshToken.put(token, normalise(login));
        SecretWatch.secret(token);
        return token;
    }

    /**
     * From now on every validate call is answered 200 with a body of {@code bytes} bytes, streamed
     * as it is made up; 0 to answer normally again.
     */
    public void oversizeValidations(long bytes) {
        oversizedValidations = bytes;
    }

    /** How many bytes of oversized validate answers clients took before hanging up, in all. */
    public long oversizedBytesSent() {
        return oversizedSent.get();
    }

    /** The {@code expires_in} that validate and refresh answers give from now on. */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /**
     * Refreshes must come with this application's id and secret (400 {@code invalid client} for
     * another id, 403 {@code invalid client secret} for another secret). Until this is called any
     * application is taken.
     */
    public void clientCredentials(String id, String secret) {
        this.clientId = id;
        this.clientSecret = secret;
    }

    /** From now on every refresh is answered with {@code status} (e.g. 400, as Twitch answers a spent refresh token). */
    public void refuseRefreshes(int status) {
        this.refusal = status;
    }

    /** Refreshes are answered normally again. */
    public void acceptRefreshes() {
        this.refusal = 0;
    }

    /**
     * Whether a refresh hands out a new refresh token and spends the old one (the default), or
     * leaves the old one in use.
     */
    public void rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
    }

    // ---- the device flow ------------------------------------------------------------------------

    /** The {@code interval} and {@code expires_in} that {@code POST /oauth2/device} answers with from now on. */
    public void deviceTiming(Duration interval, Duration lifetime) {
        this.deviceInterval = interval;
        this.deviceLifetime = lifetime;
    }

    /** The user codes of device logins not yet approved, denied or expired, oldest first. */
    public List<String> pendingUserCodes() {
        return devices.values().stream()
                .filter(d -> d.state == DeviceState.PENDING || d.state == DeviceState.SLOW_DOWN)
                .map(d -> d.userCode).sorted().toList();
    }

    /** Approves device login {@code userCode} as Twitch account {@code login}, granting {@code scopes}. */
    public void approveDevice(String userCode, String login, String... scopes) {
        Device d = device(userCode);
        d.login = normalise(login);
        d.granted = List.of(scopes);
        d.state = DeviceState.APPROVED;
    }

    /** The person pressed Cancel: the next poll gets {@code access_denied}. */
    public void denyDevice(String userCode) {
        device(userCode).state = DeviceState.DENIED;
    }

    /** The code ran out: the next poll gets {@code invalid device code}. */
    public void expireDevice(String userCode) {
        device(userCode).state = DeviceState.EXPIRED;
    }

    /** The next poll of {@code userCode} gets {@code slow_down}; later ones are pending again. */
    public void slowDownDevice(String userCode) {
        device(userCode).state = DeviceState.SLOW_DOWN;
    }

    /** How often {@code /oauth2/token} was polled for device login {@code userCode}. */
    public int devicePolls(String userCode) {
        return device(userCode).polls.get();
    }

    /** Every token {@code POST /oauth2/revoke} was given, in order. */
    public List<String> revocations() {
        return List.copyOf(revocations);
    }

    /** Whether {@code token} (access or refresh) is still one this server accepts. */
    public boolean knows(String token) {
        return loginByToken.containsKey(token) && !rejectedTokens.contains(token) || loginByRefreshToken.containsKey(token);
    }

    /** Mints an access token of {@code login} that validates with exactly {@code scopes}. */
    public String token(String login, List<String> scopes) {
        String token = token(login);
        scopesByToken.put(token, List.copyOf(scopes));
        return token;
    }

    private Device device(String userCode) {
        for (Device d : devices.values()) {
            if (d.userCode.equals(userCode)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no device login with user code " + userCode + "; pending: " + pendingUserCodes());
    }

    /**
     * From now on a connection that logged in with {@code token} gets no answer to its JOINs (no
     * echo, USERSTATE or ROOMSTATE): it is never in a channel, as when Twitch is slow or refuses
     * without saying so. The JOINs are still recorded.
     */
    public void leaveJoinsUnanswered(String token) {
        unansweredJoinTokens.add(token);
    }

    // ---- what the server saw ---------------------------------------------------------------------

    /** Connections that reached NICK as {@code login}, ever (failed logins included). */
    public int connections(String login) {
        return count(connections, login);
    }

    /** Connections logged in as {@code login} that are open now. */
    public int openConnections(String login) {
        String who = normalise(login);
        return (int) sessions.stream().filter(s -> who.equals(s.login) && s.socket.isOpen()).count();
    }

    /** Logins refused as {@code login} (unknown or rejected token, or a token of another account). */
    public int loginFailures(String login) {
        return count(loginFailures, login);
    }

    /** Every {@code POST /oauth2/token}, in the order they came. */
    public List<RefreshRequest> refreshRequests() {
        return List.copyOf(refreshRequests);
    }

    /** The tokens {@code login}'s connections sent with PASS, in order, one per login attempt. */
    public List<String> loginTokens(String login) {
        return List.copyOf(loginTokens.getOrDefault(normalise(login), List.of()));
    }

    /** Validate calls that carried a token of {@code login} (accepted or not). */
    public int validations(String login) {
        return count(validations, login);
    }

    /** PONG replies from {@code login}'s connections to {@link #ping(String)}. */
    public int pongs(String login) {
        return count(pongs, login);
    }

    /**
     * Channels {@code login} sent JOIN for, in order, repeats included. twitch4j now and then sends
     * a JOIN twice against a server this fast (its join retry races the answer); that is harmless
     * on Twitch, so compare with {@code containsOnly} or use {@link #channelsOf}.
     */
    public List<String> joins(String login) {
        return select(Kind.JOIN, line -> line.login().equals(normalise(login))).stream()
                .map(ChatLine::channel).toList();
    }

    /** Channels {@code login} sent PART for, in order, repeats included. */
    public List<String> parts(String login) {
        return select(Kind.PART, line -> line.login().equals(normalise(login))).stream()
                .map(ChatLine::channel).toList();
    }

    /** Every PRIVMSG {@code login} sent, in the order the server received them. */
    public List<ChatLine> messagesFrom(String login) {
        return select(Kind.PRIVMSG, line -> line.login().equals(normalise(login)));
    }

    /** Every PRIVMSG {@code login} sent, with the connection that carried it and when, in order. */
    public List<TimedMessage> timedMessagesFrom(String login) {
        String who = normalise(login);
        return timedMessages.stream().filter(m -> m.line().login().equals(who)).toList();
    }

    /** Every line {@code login}'s connections sent (after NICK), in the order they arrived. */
    public List<ClientLine> linesFrom(String login) {
        String who = normalise(login);
        return clientLines.stream().filter(l -> l.login().equals(who)).toList();
    }

    /** QUIT lines {@code login}'s connections sent. */
    public int quits(String login) {
        return (int) linesFrom(login).stream().filter(l -> l.command().equals("QUIT")).count();
    }

    /** The connection ids {@code login} logged in on, in order (failed logins included). */
    public List<Integer> connectionIds(String login) {
        return linesFrom(login).stream().filter(l -> l.command().equals("NICK")).map(ClientLine::connection).toList();
    }

    /** When each connection of {@code login} was in {@code channel}, in the order they joined. */
    public List<Presence> presences(String login, String channel) {
        String who = normalise(login);
        String ch = channelName(channel);
        return presences.values().stream().filter(p -> p.login().equals(who) && p.channel().equals(ch))
                .sorted(java.util.Comparator.comparingLong(Presence::joinedNanos)).toList();
    }

    /** Every PRIVMSG in {@code channel} (bots' and {@linkplain #inject injected} viewers'), in order. */
    public List<ChatLine> messagesIn(String channel) {
        return select(Kind.PRIVMSG, line -> line.channel().equals(channelName(channel)));
    }

    /** Channels a connection of {@code login} is in now (after its JOINs and PARTs). */
    public Set<String> channelsOf(String login) {
        String who = normalise(login);
        return sessions.stream().filter(s -> who.equals(s.login))
                .flatMap(s -> s.channels.stream()).collect(Collectors.toUnmodifiableSet());
    }

    // ---- acting on connections -------------------------------------------------------------------

    /**
     * A viewer says {@code text} in {@code channel}: a tagged PRIVMSG, as Twitch sends it, goes to
     * every connection in the channel. Returns how many connections it reached.
     */
    public int inject(String channel, String viewer, String text, Badges... badges) {
        String ch = channelName(channel);
        String who = normalise(viewer);
        entries.add(new Entry(Kind.PRIVMSG, new ChatLine(who, ch, text)));
        String line = privmsgLine(who, ch, text, badges.length == 0 ? EnumSet.noneOf(Badges.class) : EnumSet.copyOf(Arrays.asList(badges)));
        int reached = 0;
        for (Session s : sessions) {
            if (s.channels.contains(ch) && s.send(line)) {
                reached++;
            }
        }
        return reached;
    }

    /**
     * A viewer's line in {@code channel}, sent as one PRIVMSG (one message id) to every open
     * connection of {@code login}, joined or not: the same line arriving on two connections.
     * Returns how many connections it reached.
     */
    public int injectToConnectionsOf(String login, String channel, String viewer, String text) {
        String ch = channelName(channel);
        String who = normalise(viewer);
        entries.add(new Entry(Kind.PRIVMSG, new ChatLine(who, ch, text)));
        String line = privmsgLine(who, ch, text, EnumSet.noneOf(Badges.class));
        return forEachOf(login, s -> s.send(line));
    }

    /**
     * Calls {@code listener} on the socket thread the moment a bot's PRIVMSG arrives (before it is
     * passed on): for timing answers. One listener; setting another replaces it.
     */
    public void onMessage(Consumer<ChatLine> listener) {
        messageListener = listener;
    }

    /** Cuts {@code login}'s connections without a close handshake, like a network failure. Returns how many. */
    public int dropConnections(String login) {
        return forEachOf(login, s -> s.socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by test"));
    }

    /** Sends Twitch's {@code RECONNECT} (server maintenance) to {@code login}'s connections. Returns how many. */
    public int sendReconnect(String login) {
        return forEachOf(login, s -> s.send(":tmi.twitch.tv RECONNECT"));
    }

    /** Sends {@code PING :tmi.twitch.tv} to {@code login}'s connections; replies are counted in {@link #pongs}. */
    public int ping(String login) {
        return forEachOf(login, s -> s.send("PING :tmi.twitch.tv"));
    }

    /**
     * A chat outage: stops the IRC server (its connections drop, like a network failure) and
     * frees its port, so a client's reconnects find nothing there until {@link #startChat()}.
     * Tokens, counts and recorded lines stay.
     */
    public void stopChat() {
        try {
            irc.stop(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of an outage: a new IRC server on the same port, answering as before. */
    public void startChat() {
        Irc next = new Irc(new InetSocketAddress(InetAddress.getLoopbackAddress(), ircPort));
        try {
            next.startAndWait();
        } catch (IOException e) {
            throw new IllegalStateException("fake IRC server did not start again on port " + ircPort + ": " + e.getMessage(), e);
        }
        irc = next;
    }

    /** Stops both servers and frees their ports; open connections are closed. */
    @Override
    public void close() {
        try {
            irc.stop(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.stop(0);
        }
    }

    // ---- IRC dialogue ----------------------------------------------------------------------------

    private void handle(Session s, String raw) {
        String line = raw;
        if (line.startsWith("@")) { // client-sent tags (e.g. reply-parent-msg-id) are not needed here
            int space = line.indexOf(' ');
            line = space < 0 ? "" : line.substring(space + 1);
        }
        int space = line.indexOf(' ');
        String command = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        String sender = command.equals("NICK") ? normalise(rest.trim()) : Objects.toString(s.login, "");
        clientLines.add(new ClientLine(s.id, sender, System.nanoTime(), command, command.equals("PASS") ? "PASS ***" : raw));
        switch (command) {
            case "CAP" -> {
                if (rest.startsWith("REQ")) {
                    s.send(":tmi.twitch.tv CAP * ACK " + rest.substring(rest.indexOf(':')));
                }
            }
            case "PASS" -> s.token = rest.regionMatches(true, 0, "oauth:", 0, 6) ? rest.substring(6) : rest;
            case "NICK" -> logIn(s, normalise(rest.trim()));
            case "JOIN" -> Arrays.stream(rest.trim().split(",")).map(FakeTwitchServer::channelName).forEach(ch -> join(s, ch));
            case "PART" -> Arrays.stream(rest.trim().split(",")).map(FakeTwitchServer::channelName).forEach(ch -> part(s, ch));
            case "PRIVMSG" -> privmsg(s, rest);
            case "PING" -> s.send(":tmi.twitch.tv PONG tmi.twitch.tv " + (rest.isEmpty() ? ":tmi.twitch.tv" : rest));
            case "PONG" -> {
                String who = s.login;
                if (who != null) {
                    pongs.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
                }
            }
            case "QUIT" -> { } // the client closes the socket itself right after; closing it here races its close
            default -> s.send(":tmi.twitch.tv 421 " + Objects.toString(s.login, "*") + " " + command + " :Unknown command");
        }
    }

    private void logIn(Session s, String login) {
        s.login = login;
        connections.computeIfAbsent(login, k -> new AtomicInteger()).incrementAndGet();
        boolean anonymous = login.startsWith("justinfan");
        String token = s.token;
        if (!anonymous) {
            loginTokens.computeIfAbsent(login, k -> new CopyOnWriteArrayList<>()).add(Objects.toString(token, ""));
        }
        boolean accepted = anonymous
                || token != null && login.equals(loginByToken.get(token)) && !rejectedTokens.contains(token)
                && !chatRefusedTokens.contains(token);
        if (!accepted) {
            loginFailures.computeIfAbsent(login, k -> new AtomicInteger()).incrementAndGet();
            s.send(":tmi.twitch.tv NOTICE * :Login authentication failed");
            s.socket.close();
            return;
        }
        s.authenticated = true;
        StringBuilder welcome = new StringBuilder()
                .append(":tmi.twitch.tv 001 ").append(login).append(" :Welcome, GLHF!\r\n")
                .append(":tmi.twitch.tv 002 ").append(login).append(" :Your host is tmi.twitch.tv\r\n")
                .append(":tmi.twitch.tv 003 ").append(login).append(" :This server is rather new\r\n")
                .append(":tmi.twitch.tv 004 ").append(login).append(" :-\r\n")
                .append(":tmi.twitch.tv 375 ").append(login).append(" :-\r\n")
                .append(":tmi.twitch.tv 372 ").append(login).append(" :You are in a maze of twisty passages, all alike.\r\n")
                .append(":tmi.twitch.tv 376 ").append(login).append(" :>");
        if (!anonymous) { // Twitch greets only authenticated users with their global state
            welcome.append("\r\n@badge-info=;badges=;color=;display-name=").append(displayName(login))
                    .append(";emote-sets=0;user-id=").append(numericId("user:" + login))
                    .append(";user-type= :tmi.twitch.tv GLOBALUSERSTATE");
        }
        s.send(welcome.toString());
    }

    private void join(Session s, String channel) {
        String login = s.login;
        if (!s.authenticated || login == null || channel.isEmpty()) {
            return;
        }
        entries.add(new Entry(Kind.JOIN, new ChatLine(login, channel, "")));
        String token = s.token;
        if (token != null && unansweredJoinTokens.contains(token)) {
            return;
        }
        if (s.channels.add(channel)) {
            presences.put(s.id + "#" + channel, new Presence(s.id, login, channel, System.nanoTime(), Long.MAX_VALUE));
        }
        s.send(":" + login + "!" + login + "@" + login + ".tmi.twitch.tv JOIN #" + channel + "\r\n"
                + ":" + login + ".tmi.twitch.tv 353 " + login + " = #" + channel + " :" + login + "\r\n"
                + ":" + login + ".tmi.twitch.tv 366 " + login + " #" + channel + " :End of /NAMES list\r\n"
                + "@badge-info=;badges=;color=;display-name=" + displayName(login)
                + ";emote-sets=0;mod=0;subscriber=0;user-type= :tmi.twitch.tv USERSTATE #" + channel + "\r\n"
                + "@emote-only=0;followers-only=-1;r9k=0;room-id=" + numericId("room:" + channel)
                + ";slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #" + channel);
    }

    private void part(Session s, String channel) {
        String login = s.login;
        if (!s.authenticated || login == null || channel.isEmpty()) {
            return;
        }
        entries.add(new Entry(Kind.PART, new ChatLine(login, channel, "")));
        if (s.channels.remove(channel)) {
            left(s, channel, System.nanoTime());
        }
        s.send(":" + login + "!" + login + "@" + login + ".tmi.twitch.tv PART #" + channel);
    }

    private void privmsg(Session s, String rest) {
        String login = s.login;
        int space = rest.indexOf(' ');
        if (!s.authenticated || login == null || space < 0) {
            return;
        }
        String channel = channelName(rest.substring(0, space));
        String text = rest.substring(space + 1);
        if (text.startsWith(":")) {
            text = text.substring(1);
        }
        ChatLine line = new ChatLine(login, channel, text);
        entries.add(new Entry(Kind.PRIVMSG, line));
        timedMessages.add(new TimedMessage(s.id, System.nanoTime(), line));
        messageListener.accept(line);
        Set<Badges> badges = login.equals(channel) ? EnumSet.of(Badges.BROADCASTER) : EnumSet.noneOf(Badges.class);
        String echo = privmsgLine(login, channel, text, badges);
        for (Session other : sessions) {
            if (other != s && other.channels.contains(channel)) {
                other.send(echo);
            }
        }
    }

    private String privmsgLine(String login, String channel, String text, Set<Badges> badges) {
        boolean mod = badges.contains(Badges.MODERATOR);
        boolean sub = badges.contains(Badges.SUBSCRIBER) || badges.contains(Badges.FOUNDER);
        String badgeTag = badges.stream().map(Badges::tag).collect(Collectors.joining(","));
        return "@badge-info=;badges=" + badgeTag + ";color=;display-name=" + displayName(login)
                + ";emotes=;first-msg=0;flags=;id=" + UUID.randomUUID() + ";mod=" + (mod ? 1 : 0)
                + ";returning-chatter=0;room-id=" + numericId("room:" + channel) + ";subscriber=" + (sub ? 1 : 0)
                + ";tmi-sent-ts=" + System.currentTimeMillis() + ";turbo=0;user-id=" + numericId("user:" + login)
                + ";user-type=" + (mod ? "mod" : "") + (badges.contains(Badges.VIP) ? ";vip=1" : "")
                + " :" + login + "!" + login + "@" + login + ".tmi.twitch.tv PRIVMSG #" + channel + " :" + text;
    }

    // ---- token validation ------------------------------------------------------------------------

    private void serveHttp(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean post = exchange.getRequestMethod().equals("POST");
            if (path.equals("/oauth2/device") && post) {
                serveDevice(exchange);
                return;
            }
            if (path.equals("/oauth2/revoke") && post) {
                serveRevoke(exchange);
                return;
            }
            if (path.equals("/oauth2/token") && post) {
                serveRefresh(exchange);
                return;
            }
            if (!path.equals("/oauth2/validate")) {
                LoopbackHttp.respond(exchange, 404, "{\"status\":404,\"message\":\"not found\"}");
                return;
            }
            long oversized = oversizedValidations;
            if (oversized > 0) {
                oversizedSent.addAndGet(LoopbackHttp.streamOversized(exchange, "{\"client_id\":\"", oversized));
                return;
            }
            String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
            String login = token == null ? null : loginByToken.get(token);
            if (login != null) {
                validations.computeIfAbsent(login, k -> new AtomicInteger()).incrementAndGet();
            }
            if (login == null || rejectedTokens.contains(token)) {
                LoopbackHttp.respond(exchange, 401, "{\"status\":401,\"message\":\"invalid access token\"}");
                return;
            }
            LoopbackHttp.respond(exchange, 200, "{\"client_id\":\"" + CLIENT_ID + "\",\"login\":\"" + login
                    + "\",\"scopes\":" + jsonList(scopesByToken.getOrDefault(token, DEFAULT_SCOPES)) + ",\"user_id\":\"" + numericId("user:" + login)
                    + "\",\"expires_in\":" + tokenLifetime.toSeconds() + "}");
        }
    }

    private void serveDevice(HttpExchange exchange) throws IOException {
        Map<String, String> form = LoopbackHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String id = clientId;
        if (form.getOrDefault("client_id", "").isBlank() || id != null && !id.equals(form.get("client_id"))) {
            LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"invalid client\"}");
            return;
        }
        String deviceCode = "device" + UUID.randomUUID().toString().replace("-", "");
        String userCode = Long.toString(nextId.incrementAndGet(), 36).toUpperCase(Locale.ROOT);
        SecretWatch.secret(deviceCode);
        List<String> scopes = Arrays.stream(form.getOrDefault("scopes", "").split(" ")).filter(x -> !x.isBlank()).toList();
        devices.put(deviceCode, new Device(deviceCode, userCode, scopes));
        LoopbackHttp.respond(exchange, 200, "{\"device_code\":\"" + deviceCode + "\",\"expires_in\":" + deviceLifetime.toSeconds()
                + ",\"interval\":" + deviceInterval.toSeconds() + ",\"user_code\":\"" + userCode
                + "\",\"verification_uri\":\"" + authUrl() + "/activate?device-code=" + userCode + "\"}");
    }

    private void serveDeviceGrant(HttpExchange exchange, Map<String, String> form) throws IOException {
        Device d = devices.get(form.getOrDefault("device_code", ""));
        if (d == null) {
            LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"invalid device code\"}");
            return;
        }
        d.polls.incrementAndGet();
        switch (d.state) {
            case PENDING -> LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"authorization_pending\"}");
            case SLOW_DOWN -> {
                d.state = DeviceState.PENDING;
                LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"slow_down\"}");
            }
            case DENIED -> LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"access_denied\"}");
            case EXPIRED, REDEEMED -> LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"invalid device code\"}");
            case APPROVED -> {
                d.state = DeviceState.REDEEMED;
                String login = Objects.requireNonNull(d.login);
                String access = token(login, d.granted);
                String refresh = refreshToken(login);
                scopesByRefreshToken.put(refresh, d.granted);
                LoopbackHttp.respond(exchange, 200, "{\"access_token\":\"" + access + "\",\"expires_in\":" + tokenLifetime.toSeconds()
                        + ",\"refresh_token\":\"" + refresh + "\",\"scope\":" + jsonList(d.granted) + ",\"token_type\":\"bearer\"}");
            }
        }
    }

    private void serveRevoke(HttpExchange exchange) throws IOException {
        Map<String, String> form = LoopbackHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String token = form.getOrDefault("token", "");
        revocations.add(token);
        boolean known = loginByToken.containsKey(token) || loginByRefreshToken.containsKey(token);
        rejectedTokens.add(token);
        loginByRefreshToken.remove(token);
        if (known) {
            LoopbackHttp.respond(exchange, 200, "");
        } else {
            LoopbackHttp.respond(exchange, 400, "{\"status\":400,\"message\":\"Invalid token\"}");
        }
    }

    private static String jsonList(List<String> items) {
        return items.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private void serveRefresh(HttpExchange exchange) throws IOException {
        Map<String, String> form = LoopbackHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (TWITCH_DEVICE_GRANT.equals(form.get("grant_type"))) {
            serveDeviceGrant(exchange, form);
            return;
        }
        String refresh = form.getOrDefault("refresh_token", "");
        String id = clientId;
        String secret = clientSecret;
        String login = loginByRefreshToken.get(refresh);
        int status;
        String error;
        if (refusal != 0) {
            status = refusal;
            error = "refused by the test";
        } else if (!"refresh_token".equals(form.get("grant_type"))) {
            status = 400;
            error = "missing or invalid grant_type";
        } else if (id != null && !id.equals(form.get("client_id"))) {
            status = 400;
            error = "invalid client";
        } else if (secret != null && !secret.equals(form.get("client_secret"))) {
            status = 403;
            error = "invalid client secret";
        } else if (login == null) {
            status = 400;
            error = "Invalid refresh token";
        } else {
            List<String> grant = scopesByRefreshToken.getOrDefault(refresh, DEFAULT_SCOPES);
            String access = token(login, grant);
            String next = refresh;
            if (rotateRefreshTokens) {
                next = refreshToken(login);
                scopesByRefreshToken.put(next, grant);
                loginByRefreshToken.remove(refresh);
            }
            refreshRequests.add(new RefreshRequest(form, 200, access, next));
            LoopbackHttp.respond(exchange, 200, "{\"access_token\":\"" + access + "\",\"expires_in\":" + tokenLifetime.toSeconds()
                    + ",\"refresh_token\":\"" + next + "\",\"scope\":[\"chat:read\",\"chat:edit\"],\"token_type\":\"bearer\"}");
            return;
        }
        refreshRequests.add(new RefreshRequest(form, status, null, null));
        LoopbackHttp.respond(exchange, status, "{\"status\":" + status + ",\"message\":\"" + error + "\"}");
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        for (String scheme : List.of("OAuth ", "Bearer ")) {
            if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return authorization.substring(scheme.length()).trim();
            }
        }
        return null;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private List<ChatLine> select(Kind kind, Predicate<ChatLine> filter) {
        return entries.stream().filter(e -> e.kind() == kind).map(Entry::line).filter(filter).toList();
    }

    private int forEachOf(String login, Consumer<Session> action) {
        String who = normalise(login);
        int n = 0;
        for (Session s : sessions) {
            if (who.equals(s.login) && s.socket.isOpen()) {
                action.accept(s);
                n++;
            }
        }
        return n;
    }

    private static int count(Map<String, AtomicInteger> counters, String login) {
        AtomicInteger n = counters.get(normalise(login));
        return n == null ? 0 : n.get();
    }

    /** The client id every token validation answers with. */
    public static final String CLIENT_ID = "fakeclientid0000000000000000000";

    /** The numeric Twitch id this server gives {@code login} (in tags and validate answers). */
    public String userId(String login) {
        return numericId("user:" + normalise(login));
    }

    /** The numeric room id of {@code channel} (the broadcaster id Helix calls need). */
    public String roomId(String channel) {
        return numericId("room:" + normalise(channel));
    }

    private String numericId(String key) {
        return numericIds.computeIfAbsent(key, k -> Long.toString(nextId.incrementAndGet()));
    }

    private static String normalise(String login) {
        return login.trim().toLowerCase(Locale.ROOT);
    }

    private static String channelName(String channel) {
        String c = normalise(channel);
        return c.startsWith("#") ? c.substring(1) : c;
    }

    private static String displayName(String login) {
        return login.isEmpty() ? login : Character.toUpperCase(login.charAt(0)) + login.substring(1);
    }

    private void left(Session s, String channel, long at) {
        presences.computeIfPresent(s.id + "#" + channel,
                (k, p) -> p.leftNanos() == Long.MAX_VALUE ? new Presence(p.connection(), p.login(), p.channel(), p.joinedNanos(), at) : p);
    }

    /** One WebSocket connection and what it has said about itself. */
    private static final class Session {
        final int id;
        final WebSocket socket;
        final Set<String> channels = ConcurrentHashMap.newKeySet();
        volatile @Nullable String token;
        volatile @Nullable String login;
        volatile boolean authenticated;

        Session(int id, WebSocket socket) {
            this.id = id;
            this.socket = socket;
        }

        boolean send(String text) {
            try {
                socket.send(text);
                return true;
            } catch (WebsocketNotConnectedException e) {
                return false; // closed under us: a test dropped it, or the client left
            }
        }
    }

    private final class Irc extends WebSocketServer {
        private final CountDownLatch started = new CountDownLatch(1);
        private final AtomicReference<@Nullable Exception> startFailure = new AtomicReference<>();

        Irc(InetSocketAddress address) {
            super(address);
            setDaemon(true);
            setReuseAddr(true);
            setConnectionLostTimeout(0); // no idle checker thread; tests drop connections explicitly
        }

        void startAndWait() throws IOException {
            start();
            try {
                boolean up = started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Exception failure = startFailure.get();
                if (failure != null) {
                    throw new IOException("fake IRC server failed to start: " + failure.getMessage(), failure);
                }
                if (!up) {
                    throw new IOException("fake IRC server did not start within " + START_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the fake IRC server", e);
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Session session = new Session(nextConnection.incrementAndGet(), conn);
            conn.setAttachment(session);
            sessions.add(session);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            Session session = conn.getAttachment();
            if (session != null) {
                sessions.remove(session);
                long at = System.nanoTime();
                session.channels.forEach(ch -> left(session, ch, at));
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Session session = conn.getAttachment();
            if (session == null) {
                return;
            }
            for (String line : message.split("\r?\n")) {
                if (!line.isBlank()) {
                    handle(session, line);
                }
            }
        }

        @Override
        public void onError(@Nullable WebSocket conn, Exception ex) {
            if (conn == null) { // the server socket itself: binding failed
                startFailure.set(ex);
                started.countDown();
            }
        }
    }
}
