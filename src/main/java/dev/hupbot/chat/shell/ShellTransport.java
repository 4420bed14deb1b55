package dev.hupbot.chat.shell;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat on the terminal, so hupbot can be tried with no Twitch account. Each stdin line is a
 * message ({@code [#channel] [user:] text}); every bot line is printed as
 * {@code [#channel] <bot> text}, joins and parts as {@code [#channel] * bot joined}. Like on
 * Twitch, every connection in a channel sees the lines of the others.
 *
 * <p>Lines typed or piped in before the bots have joined are not lost: the reader delivers
 * nothing until {@link #open()} (the caller's signal that the start-up reload applied and the
 * bots joined); until then they wait in the pipe or terminal buffer, which the kernel bounds and
 * which holds the writer back when full. At end of input the reader calls its end callback, and
 * {@link #idle()} says when every line has been handled by every bot it reached.
 */
public final class ShellTransport implements ChatTransport {
    private static final Logger log = LoggerFactory.getLogger(ShellTransport.class);

    static final String DEFAULT_USER = "viewer";

    /** Longer stdin lines are cut here: a chat line on Twitch is at most 500 characters. */
    static final int MAX_LINE_CHARS = 2_000;

    /** Terminal escapes for the notes: dim, then back to normal. */
    static final String DIM = "\u001b[2m";
    static final String NORMAL = "\u001b[0m";

    /** What one bot's commands made of a stdin line, for the note that says why nothing happened. */
    public enum CommandOutcome { ANSWERED, UNKNOWN, COOLDOWN, NOT_ANSWERED }

    private final PrintStream out;
    private final Clock clock;
    private final boolean ansi;
    /** Stdin lines being handed to the bots, by message id, until their note is decided. */
    private final Map<String, LineNotes> pendingNotes = new ConcurrentHashMap<>();
    private final List<ShellConnection> connections = new CopyOnWriteArrayList<>();
    // Listeners run here, never on the stdin reader, as with Twitch's socket thread.
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shell-chat-dispatch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<@Nullable String> defaultChannel = new AtomicReference<>();
    private volatile @Nullable Thread reader;
    private final CountDownLatch opened = new CountDownLatch(1);
    /** Listener calls handed to the dispatcher and not finished yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Listener calls ever handed to the dispatcher: tells a quiet moment from a busy one between two looks. */
    private final AtomicLong dispatched = new AtomicLong();

    public ShellTransport(PrintStream out, Clock clock) {
        this(out, clock, false);
    }

    /** With {@code ansi}, notes are dim (for a terminal); otherwise plain text. */
    public ShellTransport(PrintStream out, Clock clock, boolean ansi) {
        this.out = out;
        this.clock = clock;
        this.ansi = ansi;
    }

    /**
     * What {@code bot}'s commands made of the line with {@code messageId}: {@code command} is the
     * command word with its prefix, {@code secondsLeft} the cooldown left. Once every bot had the
     * line, a stdin line nothing answered gets a note: on cooldown, or no bot knows the command.
     */
    public void commandOutcome(String messageId, CommandOutcome outcome, String command, long secondsLeft) {
        LineNotes notes = pendingNotes.get(messageId);
        if (notes != null) {
            notes.add(outcome, command, secondsLeft);
        }
    }

    /** Reads chat lines from {@code in} on a daemon thread until it ends. */
    public void readFrom(InputStream in) {
        readFrom(in, () -> { });
    }

    /**
     * Reads chat lines from {@code in} on a daemon thread, delivering them from {@link #open()}
     * on; when {@code in} ends (EOF, Ctrl-D) or fails, runs {@code endOfInput} on that thread.
     */
    public void readFrom(InputStream in, Runnable endOfInput) {
        Thread thread = new Thread(() -> {
            try {
                readLines(in);
            } finally {
                endOfInput.run();
            }
        }, "shell-chat-stdin");
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }

    /** The bots have joined: lines read from now on (and the ones waiting) are delivered. */
    public void open() {
        opened.countDown();
    }

    /**
     * True when no line is being handed to a bot now; {@code dispatchedSoFar()} read before and
     * after tells whether one came and went in between.
     */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    /** How many listener calls were ever started: equal before and after a check means nothing ran in between. */
    public long dispatchedSoFar() {
        return dispatched.get();
    }

    private void readLines(InputStream in) {
        try {
            opened.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = readLine(lines, MAX_LINE_CHARS)) != null) {
                ShellLine parsed = ShellLine.parse(line, defaultChannel.get(), DEFAULT_USER);
                if (parsed != null) {
                    deliver(parsed.channel(), parsed.user(), parsed.text(), null);
                }
            }
        } catch (IOException e) {
            log.warn("reading chat lines from stdin stopped: {}", e.getMessage());
        }
    }

    /** One line without its end, at most {@code max} characters (the rest is skipped); null at end of input. */
    static @Nullable String readLine(Reader in, int max) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (line.length() < max) {
                line.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    /** Hands a line to every connection in {@code channel} but the sender's own. */
    void deliver(String channel, String user, String text, @Nullable ShellConnection sender) {
        Permission level = user.equals(channel) ? Permission.BROADCASTER : Permission.EVERYONE;
        ChatMessage message = new ChatMessage(channel, user, user, text, level, clock.instant(),
                java.util.UUID.randomUUID().toString(), user, channel);
        List<ShellConnection> receivers = new ArrayList<>();
        boolean anyBotThere = false;
        for (ShellConnection connection : connections) {
            if (connection.channels().contains(channel)) {
                anyBotThere = true;
                if (connection != sender) {
                    receivers.add(connection);
                }
            }
        }
        if (sender != null) {
            receivers.forEach(connection -> dispatch(() -> connection.listener().onMessage(message)));
            return;
        }
        if (!anyBotThere) {
            dispatch(() -> note("no bot is in #" + channel)); // after the notes of the lines before it
            return;
        }
        pendingNotes.put(message.id(), new LineNotes());
        receivers.forEach(connection -> dispatch(() -> connection.listener().onMessage(message)));
        // One dispatcher thread, in order: this runs after every bot has handled the line.
        dispatch(() -> {
            LineNotes notes = pendingNotes.remove(message.id());
            String why = notes == null ? null : notes.note();
            if (why != null) {
                note(why);
            }
        });
    }

    /** A short line of the shell's own, not chat: {@code   (no bot knows !foo)}, dim on a terminal. */
    public void note(String text) {
        print(ansi ? DIM + "  (" + text + ")" + NORMAL : "  (" + text + ")");
    }

    private void dispatch(Runnable task) {
        inFlight.incrementAndGet();
        dispatched.incrementAndGet();
        try {
            dispatcher.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("a bot failed on a chat line: {}", e.toString());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) { // the dispatcher is shut down: the process is stopping
            inFlight.decrementAndGet();
        }
    }

    synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    void closed(ShellConnection connection) {
        connections.remove(connection);
    }

    @Override
    public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
            ChatListener listener) {
        ShellConnection connection = new ShellConnection(this, login, listener);
        connections.add(connection);
        for (String channel : channels) {
            defaultChannel.compareAndSet(null, channel);
            connection.join(channel);
        }
        return connection;
    }

    @Override
    public void close() {
        for (ShellConnection connection : connections) {
            connection.close();
        }
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the bots made of one stdin line; the note it gets, if any. */
    static final class LineNotes {
        private boolean answered;
        private boolean known;
        private @Nullable String unknown;
        private @Nullable String cooling;
        private long secondsLeft = Long.MAX_VALUE;

        synchronized void add(CommandOutcome outcome, String command, long left) {
            switch (outcome) {
                case ANSWERED -> answered = true;
                case UNKNOWN -> unknown = command;
                case NOT_ANSWERED -> known = true;
                case COOLDOWN -> {
                    known = true;
                    if (left < secondsLeft) { // the bot that answers first decides when chat sees it
                        secondsLeft = left;
                        cooling = command;
                    }
                }
            }
        }

        synchronized @Nullable String note() {
            if (answered) {
                return null;
            }
            if (cooling != null) {
                return cooling + " is on cooldown for " + secondsLeft + " s more";
            }
            if (unknown != null && !known) {
                return "no bot knows " + unknown;
            }
            return null;
        }
    }

    /** One parsed stdin line. */
    record ShellLine(String channel, String user, String text) {
        static @Nullable ShellLine parse(String line, @Nullable String defaultChannel, String defaultUser) {
            String rest = line.strip();
            String channel = defaultChannel;
            if (rest.startsWith("#")) {
                int space = rest.indexOf(' ');
                channel = (space < 0 ? rest.substring(1) : rest.substring(1, space)).toLowerCase(Locale.ROOT);
                rest = space < 0 ? "" : rest.substring(space + 1).strip();
            }
            String user = defaultUser;
            int colon = rest.indexOf(':');
            if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z0-9_]{1,25}")) {
                user = rest.substring(0, colon).toLowerCase(Locale.ROOT);
                rest = rest.substring(colon + 1).strip();
            }
            if (rest.isEmpty() || channel == null) {
                return null;
            }
            return new ShellLine(channel, user, rest);
        }
    }
}
