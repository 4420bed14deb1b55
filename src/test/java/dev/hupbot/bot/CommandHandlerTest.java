package dev.hupbot.bot;

import static dev.hupbot.bot.TestBots.command;
import static dev.hupbot.bot.TestBots.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandHandlerTest {
    private final MutableClock clock = MutableClock.start();
    private final CommandHandler handler = new CommandHandler(clock);

    private final BotConfig stickyman = TestBots.bot("stickyman")
            .channels("mychannel", "otherchannel")
            .ignoredUsers("Nightbot")
            .command(command("hello", "Hello {user}!").aliases("hi", "Hey"))
            .command(command("echo", "{args}"))
            .command(command("where", "{bot} is in {channel}, asked with '{args}' {unknown}"))
            .command(command("bye", "Bye {user}"))
            .build();

    private Optional<String> say(BotConfig bot, String user, String text) {
        return handler.handle(bot, line("mychannel", user, text));
    }

    private Optional<String> say(String user, String text) {
        return say(stickyman, user, text);
    }

    @Nested
    class Matching {
        @Test
        void answersTheCommandWithPlaceholdersFilled() {
            assertThat(say("viewer", "!hello")).contains("Hello Viewer!");
            assertThat(say("viewer", "!where   the  fish  ")).contains("stickyman is in mychannel, asked with 'the  fish' {unknown}");
        }

        @Test
        void namesAndAliasesMatchInAnyCase() {
            assertThat(say("viewer", "!HeLLo")).contains("Hello Viewer!");
            assertThat(say("viewer", "!hi")).contains("Hello Viewer!");
            assertThat(say("viewer", "!HEY there")).contains("Hello Viewer!");
        }

        @ParameterizedTest
        @ValueSource(strings = {"hello", "say !hello", "!", "! hello", "!unknown", "!hellothere", "!!hello", ""})
        void linesThatNameNoCommandGetNoReply(String text) {
            assertThat(say("viewer", text)).isEmpty();
        }

        @Test
        void usesTheBotsPrefix() {
            BotConfig questioning = TestBots.edit(stickyman).commandPrefix("?").build();

            assertThat(say(questioning, "viewer", "!hello")).isEmpty();
            assertThat(say(questioning, "viewer", "?hello")).contains("Hello Viewer!");
        }

        @Test
        void argsAreEmptyWithoutArguments() {
            assertThat(say("viewer", "!where")).contains("stickyman is in mychannel, asked with '' {unknown}");
        }

        @Test
        void channelShowsWithoutItsHash() {
            assertThat(handler.handle(stickyman, line("#OtherChannel", "viewer", "!where"))).contains(
                    "stickyman is in OtherChannel, asked with '' {unknown}");
        }

        @Test
        void userFallsBackToTheLoginWhenThereIsNoDisplayName() {
            ChatMessage noDisplayName = new ChatMessage("mychannel", "viewer", "", "!hello", Permission.EVERYONE, clock.instant());

            assertThat(handler.handle(stickyman, noDisplayName)).contains("Hello viewer!");
        }

        @Test
        void theInvisibleSuffixChatClientsAddToRepeatedLinesIsNotAnArgument() {
            assertThat(say("viewer", "!hello \uDB40\uDC00")).contains("Hello Viewer!");
            assertThat(say("viewer", "!echo again \uDB40\uDC00")).contains("again");
        }

        @Test
        void aBlankReplyIsNoReply() {
            assertThat(say("viewer", "!echo")).isEmpty();
            assertThat(say("viewer", "!echo    ")).isEmpty();
        }

        @Test
        void argumentsCannotTurnTheReplyIntoAChatCommand() {
            assertThat(say("viewer", "!echo /me dances")).contains("me dances");
            assertThat(say("viewer", "!echo ./ban  someone")).contains("ban  someone");
            assertThat(say("viewer", "!echo /")).isEmpty();
        }

        @Test
        void aResponseThatIsAChatCommandItselfIsKept() {
            BotConfig waving = TestBots.edit(stickyman).command(command("wave", "/me waves at {user}")).build();

            assertThat(say(waving, "viewer", "!wave")).contains("/me waves at Viewer");
        }

        @Test
        void ignoresItselfIgnoredUsersAndChannelsItIsNotIn() {
            assertThat(say("stickyman", "!hello")).isEmpty();
            assertThat(say("StickyMan", "!hello")).isEmpty();
            assertThat(say("nightbot", "!hello")).isEmpty();
            assertThat(handler.handle(stickyman, line("elsewhere", "viewer", "!hello"))).isEmpty();
        }
    }

    @Nested
    class Permissions {
        @ParameterizedTest(name = "{0} command, {1} sender: {2}")
        @CsvSource({
            "EVERYONE,    EVERYONE,    true",
            "SUBSCRIBER,  EVERYONE,    false",
            "SUBSCRIBER,  SUBSCRIBER,  true",
            "SUBSCRIBER,  VIP,         true",
            "VIP,         SUBSCRIBER,  false",
            "VIP,         VIP,         true",
            "VIP,         MODERATOR,   true",
            "MODERATOR,   VIP,         false",
            "MODERATOR,   MODERATOR,   true",
            "MODERATOR,   BROADCASTER, true",
            "BROADCASTER, MODERATOR,   false",
            "BROADCASTER, BROADCASTER, true",
        })
        void aSenderBelowTheCommandsLevelGetsNoReply(Permission required, Permission sender, boolean answered) {
            BotConfig bot = TestBots.edit(stickyman).command(command("so", "shout-out!").permission(required)).build();

            Optional<String> reply = handler.handle(bot, line("mychannel", "someone", "!so", sender));

            assertThat(reply.isPresent()).isEqualTo(answered);
        }

        @Test
        void aRefusedUseStartsNoCooldown() {
            BotConfig bot = TestBots.edit(stickyman)
                    .command(command("so", "shout-out!").permission(Permission.VIP).cooldown(60))
                    .build();

            assertThat(handler.handle(bot, line("mychannel", "pleb", "!so"))).isEmpty();
            assertThat(handler.handle(bot, line("mychannel", "friend", "!so", Permission.VIP))).contains("shout-out!");
        }
    }

    @Nested
    class Cooldowns {
        private final BotConfig cooled = TestBots.edit(stickyman)
                .command(command("hello", "Hello {user}!").aliases("hi").cooldown(10))
                .command(command("lurk", "{user} lurks").userCooldown(30))
                .build();

        @Test
        void channelCooldownSilencesTheCommandForEveryoneUntilItEnds() {
            assertThat(say(cooled, "alice", "!hello")).contains("Hello Alice!");
            clock.advanceSeconds(9);
            assertThat(say(cooled, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(1);
            assertThat(say(cooled, "bob", "!hello")).contains("Hello Bob!");
        }

        @Test
        void userCooldownSilencesOnlyThatUser() {
            assertThat(say(cooled, "alice", "!lurk")).contains("Alice lurks");
            clock.advanceSeconds(1);
            assertThat(say(cooled, "bob", "!lurk")).contains("Bob lurks");
            clock.advanceSeconds(28);
            assertThat(say(cooled, "alice", "!lurk")).isEmpty();
            clock.advanceSeconds(1);
            assertThat(say(cooled, "alice", "!lurk")).contains("Alice lurks");
        }

        @Test
        void anUnansweredTryDoesNotExtendTheCooldown() {
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            clock.advanceSeconds(5);
            assertThat(say(cooled, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(5);
            assertThat(say(cooled, "carol", "!hello")).contains("Hello Carol!");
        }

        @Test
        void anAliasSharesTheCooldownOfItsCommand() {
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            assertThat(say(cooled, "bob", "!HI")).isEmpty();
        }

        @Test
        void eachCommandAndEachChannelHasItsOwnCooldown() {
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            assertThat(say(cooled, "alice", "!bye")).contains("Bye Alice");
            assertThat(handler.handle(cooled, line("otherchannel", "bob", "!hello"))).contains("Hello Bob!");
            assertThat(handler.handle(cooled, line("#OTHERCHANNEL", "carol", "!hello"))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"MODERATOR", "BROADCASTER"})
        void moderatorsAndTheBroadcasterSkipCooldownsButStartThem(Permission level) {
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            clock.advanceSeconds(1);
            assertThat(handler.handle(cooled, line("mychannel", "boss", "!hello", level))).contains("Hello Boss!");
            assertThat(handler.handle(cooled, line("mychannel", "boss", "!hello", level))).contains("Hello Boss!");
            clock.advanceSeconds(9); // 10 s after alice, 9 s after the moderator's last use
            assertThat(say(cooled, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(1);
            assertThat(say(cooled, "bob", "!hello")).contains("Hello Bob!");
        }

        @Test
        void vipsAndSubscribersDoNotSkipCooldowns() {
            assertThat(handler.handle(cooled, line("mychannel", "vip", "!hello", Permission.VIP))).isPresent();
            assertThat(handler.handle(cooled, line("mychannel", "vip2", "!hello", Permission.VIP))).isEmpty();
            assertThat(handler.handle(cooled, line("mychannel", "sub", "!hello", Permission.SUBSCRIBER))).isEmpty();
        }

        @Test
        void editingTheResponseKeepsTheCooldownRunning() {
            assertThat(say(cooled, "alice", "!hello")).contains("Hello Alice!");
            BotConfig reloaded = TestBots.edit(cooled).command(command("hello", "Hey {user}").aliases("hi").cooldown(10)).build();

            clock.advanceSeconds(5);
            assertThat(say(reloaded, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(5);
            assertThat(say(reloaded, "bob", "!hello")).contains("Hey Bob");
        }

        @Test
        void aLongerCooldownFromAReloadCountsFromTheLastUse() {
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            BotConfig longer = TestBots.edit(cooled).command(command("hello", "Hello {user}!").cooldown(30)).build();

            clock.advanceSeconds(15);
            assertThat(say(longer, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(15);
            assertThat(say(longer, "bob", "!hello")).contains("Hello Bob!");
        }

        @Test
        void aShorterCooldownFromAReloadCountsFromTheLastUse() {
            BotConfig slow = TestBots.edit(cooled).command(command("hello", "Hello {user}!").cooldown(60)).build();
            assertThat(say(slow, "alice", "!hello")).isPresent();
            BotConfig quick = TestBots.edit(cooled).command(command("hello", "Hello {user}!").cooldown(5)).build();

            clock.advanceSeconds(4);
            assertThat(say(quick, "bob", "!hello")).isEmpty();
            clock.advanceSeconds(1);
            assertThat(say(quick, "bob", "!hello")).contains("Hello Bob!");
        }

        @Test
        void aCommandRemovedByAReloadIsNotAnswered() {
            BotConfig without = TestBots.edit(cooled).withoutCommand("hello").build();

            assertThat(say(without, "alice", "!hello")).isEmpty();
            assertThat(say(without, "alice", "!hi")).isEmpty();
        }

        @Test
        void ignoredUsersStartNoCooldown() {
            assertThat(say(cooled, "nightbot", "!hello")).isEmpty();
            assertThat(say(cooled, "alice", "!hello")).isPresent();
        }
    }

    @Nested
    class Memory {
        private final BotConfig cooled = TestBots.edit(stickyman)
                .command(command("hello", "Hello {user}!").userCooldown(30))
                .build();

        @Test
        void entriesOlderThanTheLongestCooldownAreDropped() {
            for (int i = 0; i < 100; i++) {
                say(cooled, "user" + i, "!hello");
                clock.advanceSeconds(1);
            }
            assertThat(handler.trackedEntries()).isGreaterThan(30);

            clock.advance(CommandHandler.SWEEP_EVERY.plusSeconds(30));
            assertThat(say(cooled, "late", "!hello")).isPresent();

            assertThat(handler.trackedEntries()).as("the channel entry and late's entry").isEqualTo(2);
            assertThat(say(cooled, "user99", "!hello")).as("user99's cooldown ended").isPresent();
        }

        @Test
        void aSweepKeepsEntriesThatStillBlock() {
            say(cooled, "first", "!hello"); // sweeps, at t=0
            clock.advanceSeconds(10);
            assertThat(say(cooled, "alice", "!hello")).isPresent();
            clock.advanceSeconds(20);
            assertThat(say(cooled, "bob", "!hello")).isPresent(); // sweeps, at t=30

            clock.advanceSeconds(9);
            assertThat(say(cooled, "alice", "!hello")).as("30 s user cooldown from t=10").isEmpty();
            clock.advanceSeconds(1);
            assertThat(say(cooled, "alice", "!hello")).isPresent();
        }

        @Test
        void memoryStaysBoundedUnderAnEndlessStreamOfNewUsers() {
            int most = 0;
            for (int i = 0; i < 10_000; i++) {
                say(cooled, "user" + i, "!hello");
                most = Math.max(most, handler.trackedEntries());
                clock.advanceSeconds(1);
            }
            // one user per second, kept for at most the longest cooldown plus one sweep period
            long bound = 1 + 30 + CommandHandler.SWEEP_EVERY.toSeconds() + 1;
            assertThat(most).isLessThanOrEqualTo((int) bound);
        }

        @Test
        void withoutCooldownsNothingIsKeptAfterASweep() {
            say("alice", "!hello");
            clock.advance(CommandHandler.SWEEP_EVERY);
            say("bob", "!hello");

            assertThat(handler.trackedEntries()).as("bob's entries, just written").isEqualTo(2);
        }
    }

    @Test
    void concurrentUsesLetExactlyOneReplyThroughACooldown() throws Exception {
        BotConfig cooled = TestBots.edit(stickyman).command(command("hello", "Hello {user}!").cooldown(10)).build();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                tasks.add(() -> {
                    go.await();
                    int replies = 0;
                    for (int i = 0; i < 500; i++) {
                        if (say(cooled, "user" + id + "_" + i, "!hello").isPresent()) {
                            replies++;
                        }
                    }
                    return replies;
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                results.add(pool.submit(task));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Why a line got no reply: what the shell chat's notes say. */
    @Nested
    class Answers {
        private final BotConfig cooling = TestBots.edit(stickyman)
                .command(command("hello", "Hello {user}!").aliases("hi").cooldown(10))
                .build();

        private CommandHandler.Answer answer(BotConfig bot, String text) {
            return handler.answer(bot, line("mychannel", "viewer", text), new dev.hupbot.config.BotsConfig(List.of(bot)));
        }

        @Test
        void anUnknownCommandIsNamedWithItsPrefix() {
            CommandHandler.Answer answer = answer(stickyman, "!Foo bar");
            assertThat(answer.kind()).isEqualTo(CommandHandler.Answer.Kind.UNKNOWN);
            assertThat(answer.command()).isEqualTo("!foo");
            assertThat(answer(stickyman, "just chatting").kind()).isEqualTo(CommandHandler.Answer.Kind.NOT_A_COMMAND);
        }

        @Test
        void aCooldownSaysHowManySecondsAreLeftRoundedUp() {
            assertThat(answer(cooling, "!hello").kind()).isEqualTo(CommandHandler.Answer.Kind.ANSWERED);
            clock.advanceSeconds(3);
            CommandHandler.Answer answer = answer(cooling, "!hi");
            assertThat(answer.kind()).isEqualTo(CommandHandler.Answer.Kind.COOLDOWN);
            assertThat(answer.command()).isEqualTo("!hi");
            assertThat(answer.secondsLeft()).isEqualTo(7);
            assertThat(answer.reply()).isNull();
        }
    }
}
