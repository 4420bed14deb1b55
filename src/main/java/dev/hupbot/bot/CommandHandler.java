package dev.hupbot.bot;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.Permission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Answers chat commands of one bot ({@code !hello}, its aliases) and remembers their cooldowns.
 *
 * <p>One instance lives as long as its bot, across reloads: each call gets the bot's settings
 * as a parameter, so a message sees one whole snapshot, old or new, while the cooldown memory
 * carries over. Cooldowns are remembered by command name, channel and user, never by the
 * settings, so editing a response keeps its cooldown running, and a changed
 * {@code cooldown_seconds} applies to the next use, counted from the last one.
 *
 * <p>Rules, in order; a message that fails one gets no reply and changes no state:
 * <ol>
 *   <li>the bot ignores its own lines, users in {@code ignored_users}, and channels it is not in;
 *   <li>the line starts with {@code command_prefix} (any case), directly followed by a command
 *       name or alias (any case); the rest of the line is {@code {args}};
 *   <li>the sender's level reaches the command's {@code permission};
 *   <li>the reply is not blank once placeholders are filled in (an {@code {args}}-only response
 *       used without arguments says nothing);
 *   <li>neither cooldown is running: {@code cooldown_seconds} since the last reply to this
 *       command in the channel, {@code user_cooldown_seconds} since the last reply to this user.
 *       Moderators and the broadcaster skip this check, as on the common Twitch bots: they use
 *       commands to show something to chat on purpose. Their use still starts both cooldowns,
 *       because the point of the channel cooldown is that chat does not see the same reply
 *       twice in a row.
 * </ol>
 *
 * <p>Thread-safe. The cooldown check and its update happen under one lock, so two messages
 * handled at once can never both pass a cooldown.
 */
public final class CommandHandler {
    /** How often, in clock time, cooldown entries that can no longer block anyone are dropped. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    /** Appended by Chatterino and 7TV so Twitch accepts a repeated line; it is not text. */
    private static final int TAG_SPACE = 0xE0000;

    private static final int COMBINING_GRAPHEME_JOINER = 0x034F;

    private final Clock clock;
    private final Object lock = new Object();
    /** Last reply per (channel, command). Guarded by {@link #lock}. */
    private final Map<ChannelUse, Instant> channelUses = new HashMap<>();
    /** Last reply per (channel, command, user). Guarded by {@link #lock}. */
    private final Map<UserUse, Instant> userUses = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private Instant lastSweep = Instant.MIN;

    /** Lookup tables of the last snapshot seen; rebuilt when a reload hands in another one. */
    private volatile @Nullable SnapshotIndex index;

    public CommandHandler(Clock clock) {
        this.clock = clock;
    }

    /** What became of a line: a reply, or why there is none (the shell chat tells the person testing). */
    public record Answer(Kind kind, @Nullable CommandReply reply, String command, long secondsLeft) {
        public enum Kind {
            /** {@link #reply()} is the answer. */
            ANSWERED,
            /** The line does not start with this bot's prefix and a command word. */
            NOT_A_COMMAND,
            /** Prefix and word, but this bot has no such command or alias ({@link #command()}: prefix and word). */
            UNKNOWN,
            /** A cooldown is running: {@link #secondsLeft()} more (rounded up). */
            COOLDOWN,
            /** Known, but not answered here: the sender, its level, another crew bot, a blank reply. */
            NOT_ANSWERED
        }

        static Answer none(Kind kind, String command) {
            return new Answer(kind, null, command, 0);
        }

        public Optional<CommandReply> accepted() {
            return Optional.ofNullable(reply);
        }
    }

    /** The reply to {@code message}, or empty when it is no command this bot answers now. */
    public Optional<String> handle(BotConfig bot, ChatMessage message) {
        return handle(bot, message, new BotsConfig(List.of(bot)));
    }

    /**
     * As {@link #handle(BotConfig, ChatMessage)}, in a crew: a crew command (from {@code
     * [defaults.commands]}) is answered only by the first bot of {@code crew}, in file order,
     * that is enabled, in the line's channel and shares that command.
     */
    public Optional<String> handle(BotConfig bot, ChatMessage message, BotsConfig crew) {
        return accept(bot, message, crew).map(CommandReply::text);
    }

    /**
     * As {@link #handle(BotConfig, ChatMessage, BotsConfig)}, with what it takes to word the
     * reply again with later settings: the cooldowns start now, the text may be built when the
     * reply is actually sent.
     */
    public Optional<CommandReply> accept(BotConfig bot, ChatMessage message, BotsConfig crew) {
        return answer(bot, message, crew).accepted();
    }

    /** As {@link #accept}, and when there is no reply, why (for the shell chat's notes). */
    public Answer answer(BotConfig bot, ChatMessage message, BotsConfig crew) {
        SnapshotIndex idx = indexFor(bot);
        String user = message.user().toLowerCase(Locale.ROOT);
        String channel = ChannelNames.key(message.channel());
        if (user.equals(idx.self) || idx.ignoredUsers.contains(user) || !idx.channels.contains(channel)) {
            return Answer.none(Answer.Kind.NOT_ANSWERED, "");
        }
        Invocation invocation = Invocation.parse(bot.commandPrefix(), message.text());
        if (invocation == null) {
            return Answer.none(Answer.Kind.NOT_A_COMMAND, "");
        }
        String word = bot.commandPrefix() + invocation.command();
        String name = idx.commandNames.get(invocation.command());
        if (name == null) {
            return Answer.none(Answer.Kind.UNKNOWN, word);
        }
        CommandConfig command = bot.commands().get(name);
        if (command == null || !command.permission().allows(message.level())) {
            return Answer.none(Answer.Kind.NOT_ANSWERED, word);
        }
        if (command.crew() && !bot.name().equals(crewAnswerer(crew, name, channel))) {
            return Answer.none(Answer.Kind.NOT_ANSWERED, word);
        }
        String reply = render(bot, message, command.response(), invocation.args());
        if (reply.isBlank()) {
            return Answer.none(Answer.Kind.NOT_ANSWERED, word);
        }
        Instant now = clock.instant();
        ChannelUse channelUse = new ChannelUse(channel, name);
        UserUse userUse = new UserUse(channel, name, user);
        synchronized (lock) {
            sweepIfDue(now, idx.longestCooldownSeconds);
            boolean bypass = Permission.MODERATOR.allows(message.level());
            long left = Math.max(secondsLeft(channelUses.get(channelUse), command.cooldownSeconds(), now),
                    secondsLeft(userUses.get(userUse), command.userCooldownSeconds(), now));
            if (!bypass && left > 0) {
                return new Answer(Answer.Kind.COOLDOWN, null, word, left);
            }
            channelUses.put(channelUse, now);
            userUses.put(userUse, now);
        }
        return new Answer(Answer.Kind.ANSWERED, new CommandReply(message, name, invocation.args(), reply), word, 0);
    }

    /**
     * A command the handler accepted: {@code text} as the settings of that moment word it, and
     * {@link #renderWith} for the settings of a later one.
     */
    public record CommandReply(ChatMessage message, String command, String args, String text) {
        /**
         * The reply as {@code current} words it: its response now, or "" when those settings no
         * longer answer it (the command is gone, its permission no longer allows the sender, the
         * bot left the channel). {@code current} is the settings the reply was accepted with when
         * no reload came in between, and then the text is {@link #text}.
         */
        public String renderWith(BotConfig current) {
            CommandConfig command = current.commands().get(this.command);
            if (command == null || !command.permission().allows(message.level())
                    || current.channels().stream().noneMatch(c -> ChannelNames.key(c).equals(ChannelNames.key(message.channel())))) {
                return "";
            }
            return render(current, message, command.response(), args);
        }
    }

    private static @Nullable String crewAnswerer(BotsConfig crew, String command, String channel) {
        for (BotConfig member : crew.bots()) {
            CommandConfig shared = member.commands().get(command);
            if (member.enabled() && shared != null && shared.crew()
                    && member.channels().stream().anyMatch(c -> ChannelNames.key(c).equals(channel))) {
                return member.name();
            }
        }
        return null;
    }

    /** How many cooldown entries are remembered: for tests that check the memory stays bounded. */
    int trackedEntries() {
        synchronized (lock) {
            return channelUses.size() + userUses.size();
        }
    }

    /** Whole seconds (rounded up) until a cooldown started at {@code lastUse} ends; 0 when it is not running. */
    private static long secondsLeft(@Nullable Instant lastUse, long cooldownSeconds, Instant now) {
        if (lastUse == null || cooldownSeconds <= 0) {
            return 0;
        }
        Instant end = lastUse.plusSeconds(cooldownSeconds);
        if (!now.isBefore(end)) {
            return 0;
        }
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * Drops entries older than the longest cooldown of the current settings: they block nothing
     * now. The price: if a later reload raises a cooldown above an entry's age after it was
     * dropped, that one use is forgotten and the next use is answered.
     */
    private void sweepIfDue(Instant now, long longestCooldownSeconds) {
        // a clock stepped backwards must not postpone sweeping by the size of the step
        if (now.isBefore(lastSweep) || !now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
            lastSweep = now;
            Instant horizon = now.minusSeconds(longestCooldownSeconds);
            channelUses.values().removeIf(last -> !last.isAfter(horizon));
            userUses.values().removeIf(last -> !last.isAfter(horizon));
        }
    }

    private static String render(BotConfig bot, ChatMessage message, String response, String args) {
        String displayName = message.displayName().isBlank() ? message.user() : message.displayName();
        String reply = new Placeholders(displayName, ChannelNames.bare(message.channel()), args, bot.name())
                .apply(response)
                .strip(); // "{user} said {args}" with no args must not end in a space
        return withoutInjectedChatCommand(response, reply);
    }

    /**
     * A viewer's {@code {args}} at the start of a reply must not turn it into a chat command
     * ({@code /me}, {@code .color}): the bot would run it with its own rights. A response that
     * itself starts with one (say, {@code /me waves}) is kept here; {@link OutgoingText}, which
     * every line passes on its way out, then posts it as plain text like any other.
     */
    private static String withoutInjectedChatCommand(String response, String reply) {
        if (reply.isEmpty() || !isCommandChar(reply.charAt(0))
                || (!response.isEmpty() && response.charAt(0) == reply.charAt(0))) {
            return reply;
        }
        int start = 0;
        while (start < reply.length() && (isCommandChar(reply.charAt(start)) || Character.isWhitespace(reply.charAt(start)))) {
            start++;
        }
        return reply.substring(start);
    }

    private static boolean isCommandChar(char c) {
        return c == '/' || c == '.';
    }

    private SnapshotIndex indexFor(BotConfig bot) {
        SnapshotIndex current = index;
        // identity, not equals: one reload hands in one new record, and comparing whole
        // configurations on every chat line would cost more than rebuilding
        if (current != null && current.bot == bot) {
            return current;
        }
        SnapshotIndex fresh = SnapshotIndex.of(bot);
        index = fresh;
        return fresh;
    }

    /** A command line split into the command word (lower case) and its arguments. */
    private record Invocation(String command, String args) {
        static @Nullable Invocation parse(String prefix, String text) {
            String line = clean(text);
            if (line.length() <= prefix.length() || !line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
            int end = prefix.length();
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            if (end == prefix.length()) {
                return null; // "! hello" names no command
            }
            String command = line.substring(prefix.length(), end).toLowerCase(Locale.ROOT);
            return new Invocation(command, line.substring(end).strip());
        }

        private static String clean(String text) {
            int end = text.length();
            while (end > 0) {
                int cp = text.codePointBefore(end);
                if (cp == TAG_SPACE || cp == COMBINING_GRAPHEME_JOINER || Character.isWhitespace(cp)) {
                    end -= Character.charCount(cp);
                } else {
                    break;
                }
            }
            return text.substring(0, end).stripLeading();
        }
    }

    private record ChannelUse(String channel, String command) {}

    private record UserUse(String channel, String command, String user) {}

    /** What one snapshot's lookups need, computed once per snapshot rather than per line. */
    private static final class SnapshotIndex {
        final BotConfig bot;
        final String self;
        final Set<String> ignoredUsers;
        final Set<String> channels;
        final Map<String, String> commandNames;
        final long longestCooldownSeconds;

        private SnapshotIndex(BotConfig bot) {
            this.bot = bot;
            this.self = bot.name().toLowerCase(Locale.ROOT);
            Set<String> ignored = new HashSet<>();
            for (String u : bot.ignoredUsers()) {
                ignored.add(u.toLowerCase(Locale.ROOT));
            }
            this.ignoredUsers = ignored;
            Set<String> chans = new HashSet<>();
            for (String c : bot.channels()) {
                chans.add(ChannelNames.key(c));
            }
            this.channels = chans;
            // Names win over aliases, and among clashing aliases the command first by name wins:
            // the validator should reject clashes, but the answer must not depend on map order.
            List<String> names = new ArrayList<>(bot.commands().keySet());
            names.sort(null);
            Map<String, String> lookup = new HashMap<>();
            long longest = 0;
            for (String name : names) {
                lookup.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
            for (String name : names) {
                CommandConfig command = bot.commands().get(name);
                for (String alias : command.aliases()) {
                    lookup.putIfAbsent(alias.toLowerCase(Locale.ROOT), name);
                }
                longest = Math.max(longest, Math.max(command.cooldownSeconds(), command.userCooldownSeconds()));
            }
            this.commandNames = lookup;
            this.longestCooldownSeconds = longest;
        }

        static SnapshotIndex of(BotConfig bot) {
            return new SnapshotIndex(bot);
        }
    }
}
