package dev.hupbot.bot;

import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.CredentialResult;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Presence;
import dev.hupbot.presence.Liveness;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live bot. Its settings are one immutable {@link BotConfig} behind a volatile field: a
 * message handler reads it once and so sees the whole old or the whole new version, never a mix.
 * Network changes (start, stop, join/part, reconnect) come only from the runtime's apply.
 */
final class Bot {
    /** Twitch refuses longer messages. */
    static final int MAX_MESSAGE_LENGTH = 500;

    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    private final String name;
    private final ChatTransport transport;
    private final Clock clock;
    private final CommandHandler commands;
    private final TimerSchedule timers;
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private volatile BotConfig config;
    private volatile @Nullable ChatConnection connection;
    private volatile @Nullable Instant lastIn;
    private volatile @Nullable Instant lastOut;
    private final ChatObserver observer;
    private final Supplier<BotsConfig> crew;
    private final Liveness liveness;

    private final OutgoingQueue outgoing;

    /**
     * @param sender runs {@link #drainOutgoing} after the delay it is given: the runtime's one
     *     sender thread, so this bot's lines leave in order
     */
    Bot(BotConfig config, ChatTransport transport, Clock clock, ChatObserver observer, Supplier<BotsConfig> crew,
            OutgoingQueue.Waker sender, Liveness liveness) {
        this.name = config.name();
        this.liveness = liveness;
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.observer = observer;
        this.crew = crew;
        this.commands = new CommandHandler(clock);
        this.timers = new TimerSchedule();
        this.outgoing = new OutgoingQueue(name, transport.sendRate(), clock, () -> this.config, new OutgoingQueue.Sink() {
            @Override
            public boolean send(String channel, String text) {
                return deliver(channel, text);
            }

            @Override
            public boolean ready() {
                ChatConnection current = connection;
                return current == null || current.readyToSend();
            }
        }, sender);
    }

    String name() {
        return name;
    }

    BotConfig config() {
        return config;
    }

    boolean running() {
        return connection != null;
    }

    /** Swaps the settings in one write; no traffic. */
    void swap(BotConfig next) {
        config = next;
    }

    /**
     * The channels the bot belongs in now: all of its channels, or for {@code presence = "live"}
     * those whose stream is live.
     */
    private Set<String> wanted(BotConfig settings) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String channel : settings.channels()) {
            if (settings.presence() == Presence.ALWAYS || liveness.isLive(channel)) {
                wanted.add(channel);
            }
        }
        return wanted;
    }

    /** Connects with {@code next} and greets each channel it joins (a live bot: only live ones). */
    void start(BotConfig next) {
        config = next;
        if (connection != null) {
            return;
        }
        Set<String> joining = wanted(next);
        connection = transport.connect(name, next.token(), next.refreshToken(), joining, this::onMessage);
        log.info("bot={} started in {}", name, joining);
        if (next.presence() == Presence.LIVE && joining.size() < next.channels().size()) {
            log.info("bot={} waits for the stream in {}", name,
                    next.channels().stream().filter(c -> !joining.contains(c)).toList());
        }
        for (String channel : joining) {
            greet(channel);
        }
    }

    void stop() {
        ChatConnection current = connection;
        connection = null;
        outgoing.clear();
        if (current != null) {
            current.close();
            log.info("bot={} stopped", name);
        }
    }

    /**
     * JOINs the channels the bot belongs in and is not in, and PARTs the others, on the same
     * connection: for a channel list change, a presence change, and a stream going live or
     * offline alike.
     */
    void rejoin(BotConfig next) {
        ChatConnection current = requireConnection();
        Set<String> before = new HashSet<>(current.channels());
        Set<String> wanted = wanted(next);
        for (String channel : before) {
            if (!wanted.contains(channel)) {
                current.part(channel);
                log.info("bot={} left channel={}", name, channel);
            }
        }
        for (String channel : wanted) {
            if (!before.contains(channel)) {
                current.join(channel);
                greet(channel);
            }
        }
    }

    /** Hands the connection the refresh token of {@code next}; no traffic. */
    void useRefreshToken(BotConfig next) {
        ChatConnection current = connection;
        if (current != null) {
            current.useRefreshToken(next.refreshToken());
        }
    }

    /**
     * Moves this bot alone to the token of {@code next}; the stage says whether it took. No intro:
     * as far as chat can tell, the bot never left.
     */
    CompletionStage<CredentialResult> reconnect(BotConfig next) {
        return requireConnection().replaceCredential(next.token());
    }

    private ChatConnection requireConnection() {
        ChatConnection current = connection;
        if (current == null) {
            throw new IllegalStateException("bot " + name + " is not connected");
        }
        return current;
    }

    private void greet(String channel) {
        String intro = config.introMessage();
        if (!intro.isEmpty()) {
            send(channel, intro);
        }
    }

    void onMessage(ChatMessage message) {
        BotConfig settings = config;
        boolean answered = false;
        if (!message.user().equals(name) && !settings.ignoredUsers().contains(message.user())) {
            messagesIn.incrementAndGet();
            lastIn = message.at();
            timers.onChatLine(message.channel());
            CommandHandler.Answer answer = commands.answer(settings, message, crew.get());
            Optional<CommandHandler.CommandReply> reply = answer.accepted();
            // worded when sent: a reload in between applies; late for the line it answers: dropped
            reply.ifPresent(r -> queue(message.channel(), message.at(), r::renderWith));
            answered = reply.isPresent();
            observer.onCommandAnswer(name, message, answer);
        }
        observer.onMessage(name, message, crew.get(), answered);
    }

    /** Follows the streams: called when a channel goes live or offline. */
    void follow() {
        if (connection != null) {
            rejoin(config);
        }
    }

    void tick() {
        ChatConnection current = connection;
        if (current == null) {
            return;
        }
        Set<String> present = current.channels();
        for (TimerPost post : timers.due(config, clock.instant())) {
            // a live bot away from an offline channel posts nothing there
            if (isIn(present, post.channel())) {
                send(post.channel(), post.message());
            }
        }
    }

    /**
     * Queues {@code text} to be sent as this bot now, or within {@link OutgoingQueue#MAX_WAIT}
     * when the rate limit holds it back; false when the bot is not connected.
     */
    boolean send(String channel, String text) {
        return queue(channel, clock.instant(), current -> text);
    }

    private boolean queue(String channel, Instant since, OutgoingQueue.Composer composer) {
        ChatConnection current = connection;
        if (current == null || !isIn(current.channels(), channel)) {
            return false; // not connected, or away from that channel (presence = "live", stream offline)
        }
        outgoing.offer(channel, since, composer);
        return true;
    }

    /** Connected and in {@code channel}. */
    boolean isIn(String channel) {
        ChatConnection current = connection;
        return current != null && isIn(current.channels(), channel);
    }

    private static boolean isIn(Set<String> joined, String channel) {
        String key = ChannelNames.key(channel);
        for (String c : joined) {
            if (ChannelNames.key(c).equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Nothing queued to send and nothing being sent. */
    boolean outgoingIdle() {
        return outgoing.idle();
    }

    /** Sends what the outgoing queue lets through now; on the runtime's sender thread. */
    void drainOutgoing() {
        outgoing.drain();
    }

    /** The one place text goes to the chat: {@link OutgoingQueue} made it {@link OutgoingText#safe} already. */
    private boolean deliver(String channel, String text) {
        ChatConnection current = connection;
        if (current == null) {
            return false;
        }
        current.send(channel, ReplyTrimmer.trim(text, MAX_MESSAGE_LENGTH));
        messagesOut.incrementAndGet();
        lastOut = clock.instant();
        return true;
    }

    BotStatus status() {
        ChatConnection current = connection;
        return new BotStatus(
                name,
                config.enabled(),
                current != null && current.connected(),
                current == null ? Set.of() : current.channels(),
                messagesIn.get(),
                messagesOut.get(),
                lastIn,
                lastOut,
                outgoing.dropped(OutgoingQueue.Drop.LATE),
                outgoing.dropped(OutgoingQueue.Drop.QUEUE_FULL),
                config.presence());
    }
}
