package dev.hupbot.chat.shell;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Secret;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Chat on the terminal, so hupbot can be tried with no Twitch account. Each stdin line is a
 * message ({@code [#channel] [user:] text}); every bot line is printed as
 * {@code [#channel] <bot> text}, joins and parts as {@code [#channel] * bot joined}. Like on
 * Twitch, every connection in a channel sees the lines of the others.
 */
public final class ShellTransport implements ChatTransport {
    static final String DEFAULT_USER = "viewer";

    private final PrintStream out;
    private final Clock clock;
    private final List<ShellConnection> connections = new CopyOnWriteArrayList<>();
    // Listeners run here, never on the stdin reader, as with Twitch's socket thread.
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shell-chat-dispatch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<@Nullable String> defaultChannel = new AtomicReference<>();
    private volatile @Nullable Thread reader;

    public ShellTransport(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Reads chat lines from {@code in} on a daemon thread until it ends. */
    public void readFrom(InputStream in) {
        Thread thread = new Thread(() -> readLines(in), "shell-chat-stdin");
        thread.setDaemon(true);
        reader = thread;
        thread.start();
    }

    private void readLines(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                ShellLine parsed = ShellLine.parse(line, defaultChannel.get(), DEFAULT_USER);
                if (parsed != null) {
                    deliver(parsed.channel(), parsed.user(), parsed.text(), null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading chat lines from stdin", e);
        }
    }

    /** Hands a line to every connection in {@code channel} but the sender's own. */
    void deliver(String channel, String user, String text, @Nullable ShellConnection sender) {
        Permission level = user.equals(channel) ? Permission.BROADCASTER : Permission.EVERYONE;
        ChatMessage message = new ChatMessage(channel, user, user, text, level, clock.instant(),
                java.util.UUID.randomUUID().toString(), user, channel);
        for (ShellConnection connection : connections) {
            if (connection != sender && connection.channels().contains(channel)) {
                dispatcher.execute(() -> connection.listener().onMessage(message));
            }
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
