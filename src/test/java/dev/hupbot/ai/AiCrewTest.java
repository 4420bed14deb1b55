package dev.hupbot.ai;

import static dev.hupbot.ai.TestAi.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.bot.TestBots;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeLlmServer.Reply;
import dev.hupbot.it.support.FakeLlmServer.Request;
import dev.hupbot.it.support.FakeLlmServer.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AiCrewTest {
    private final FakeLlmServer llm = FakeLlmServer.start();
    private final MutableClock clock = MutableClock.start();
    private final RecordingSender sender = new RecordingSender();
    private final ManualScheduler manual = new ManualScheduler();
    private final LogCapture logs = new LogCapture();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        logs.close();
        llm.close();
    }

    private AiCrew crew(ReplySender to, Scheduler scheduler, RandomGenerator random, int capacity) {
        LlmClient client = new LlmClient(LlmClient.defaultHttpClient(), clock, new RecordingSleeper(), RetryPolicy.DEFAULT);
        HelixClient helix = new HelixClient(LlmClient.defaultHttpClient(),
                new TwitchApi("http://127.0.0.1:9/helix", "http://127.0.0.1:9/oauth2"));
        AiCrew crew = new AiCrew(to, client, helix, scheduler, clock, random, capacity);
        closing.add(0, crew);
        return crew;
    }

    private AiCrew crew() {
        return crew(sender, manual, new SplittableRandom(1), AiCrew.DEFAULT_QUEUE_CAPACITY);
    }

    private BotConfig persona(String name, double chance) {
        return TestBots.bot(name).replyChance(chance).ai(TestAi.ai(llm.baseUrl(), "You are " + name + ".")).build();
    }

    private static BotsConfig config(BotConfig... bots) {
        return new BotsConfig(List.of(bots));
    }

    /** The line as every bot of the crew receives it: one call per bot, as the runtime does. */
    private static void hear(AiCrew crew, BotsConfig active, ChatMessage message) {
        for (BotConfig bot : active.bots()) {
            if (!bot.name().equals(message.user())) {
                crew.onMessage(bot.name(), message, active, false);
            }
        }
    }

    @Nested
    class WhoAnswers {
        @Test
        void aMentionIsAnsweredByTheNamedBotOnly() {
            BotsConfig active = config(persona("stickyman", 1.0), persona("professor_pebble", 1.0));
            AiCrew crew = crew();

            hear(crew, active, line("viewer", "@professor_pebble what is a rock?"));
            manual.runAll();

            assertThat(sender.sent()).containsExactly(
                    new RecordingSender.Sent("professor_pebble", "mychannel", "reply from main-model"));
            assertThat(llm.requests()).singleElement().extracting(Request::system).asString()
                    .startsWith("You are professor_pebble.");
        }

        @Test
        void aLineNamingTwoBotsIsAnsweredByBoth() {
            BotsConfig active = config(persona("stickyman", 0), persona("professor_pebble", 0), persona("sleepy_llama", 0));
            AiCrew crew = crew();

            hear(crew, active, line("viewer", "stickyman vs professor_pebble, who wins?"));
            manual.runAll();

            assertThat(sender.sent()).extracting(RecordingSender.Sent::bot)
                    .containsExactlyInAnyOrder("stickyman", "professor_pebble");
        }

        @Test
        void aLineNamingNoBotGetsAtMostOneAnswerWhateverTheDice() {
            int answeredLines = 0;
            for (long seed = 0; seed < 40; seed++) {
                RecordingSender seen = new RecordingSender();
                ManualScheduler scheduler = new ManualScheduler();
                BotsConfig active = config(persona("stickyman", 0.6), persona("professor_pebble", 0.8),
                        persona("sleepy_llama", 1.0));
                AiCrew crew = crew(seen, scheduler, new SplittableRandom(seed), 5);

                hear(crew, active, line("viewer", "what a play"));
                scheduler.runAll();

                assertThat(seen.sent()).as("seed %d", seed).hasSizeLessThanOrEqualTo(1);
                answeredLines += seen.sent().size();
            }
            assertThat(answeredLines).as("sleepy_llama's chance is 1: every line gets its one answer").isEqualTo(40);
        }

        @Test
        void aLineNamingNoBotIsLeftAloneWhenNobodyWinsTheRoll() {
            BotsConfig active = config(persona("stickyman", 0), persona("professor_pebble", 0));
            AiCrew crew = crew();

            hear(crew, active, line("viewer", "what a play"));

            assertThat(manual.pending()).isZero();
            assertThat(llm.requests()).isEmpty();
        }

        @Test
        void botsSkipIgnoredUsersOtherChannelsAndTheirOwnDisabledSelves() {
            BotConfig ignoring = TestBots.edit(persona("stickyman", 1)).ignoredUsers("Nightbot").build();
            BotConfig elsewhere = TestBots.edit(persona("professor_pebble", 1)).channels("otherchannel").build();
            BotConfig disabled = TestBots.edit(persona("sleepy_llama", 1)).enabled(false).build();
            BotsConfig active = config(ignoring, elsewhere, disabled);
            AiCrew crew = crew();

            hear(crew, active, line("nightbot", "@stickyman follow the channel"));
            hear(crew, active, line("viewer", "@professor_pebble @sleepy_llama anyone?"));
            hear(crew, active, line("nightbot", "anyone at all?"));

            assertThat(manual.pending()).isZero();
            assertThat(llm.requests()).isEmpty();
        }

        @Test
        void aBotWithoutASystemPromptAnswersOnlyWithCommands() {
            BotConfig commandsOnly = TestBots.bot("stickyman").replyChance(1)
                    .ai(TestAi.withPrompt(TestAi.ai(llm.baseUrl(), ""), "  ")).build();
            AiCrew crew = crew();

            hear(crew, config(commandsOnly), line("viewer", "@stickyman hi"));

            assertThat(manual.pending()).isZero();
            assertThat(logs.warnings()).isEmpty();
        }

        @Test
        void aLineAlreadyAnsweredByACommandGetsNoAiReply() {
            BotsConfig active = config(persona("stickyman", 1.0));
            AiCrew crew = crew();
            ChatMessage hello = line("viewer", "!hello stickyman");

            crew.onMessage("stickyman", hello, active, true);
            hear(crew, active, line("viewer", "@stickyman and you?"));
            manual.runAll();

            assertThat(sender.sent()).hasSize(1);
            assertThat(llm.requests().get(0).chat()).containsExactly(
                    new Turn("user", "viewer: !hello stickyman"), new Turn("user", "viewer: @stickyman and you?"));
        }

        @Test
        void aCommandAnswerReportedByALaterBotCancelsTheQueuedAiReply() {
            BotsConfig active = config(persona("stickyman", 1.0), persona("professor_pebble", 0));
            AiCrew crew = crew();
            ChatMessage hello = line("viewer", "!rock stickyman");

            crew.onMessage("stickyman", hello, active, false);
            crew.onMessage("professor_pebble", hello, active, true);
            manual.runAll();

            assertThat(llm.requests()).isEmpty();
            assertThat(sender.sent()).isEmpty();
        }
    }

    @Nested
    class BotToBot {
        /** Sends like Twitch: every other bot of the crew receives the line. */
        private ReplySender echoingTo(AiCrew[] crew, BotsConfig active) {
            return (bot, channel, text) -> {
                sender.send(bot, channel, text);
                ChatMessage heard = new ChatMessage(channel, bot, bot, text, dev.hupbot.config.Permission.EVERYONE,
                        Instant.EPOCH, "echo-" + sender.sent().size(), bot, channel);
                hear(crew[0], active, heard);
                return true;
            };
        }

        private BotsConfig talkative() {
            BotConfig sticky = TestBots.edit(persona("stickyman", 1.0))
                    .ai(TestAi.withModels(persona("stickyman", 1).ai(), "sticky-model", List.of())).build();
            BotConfig pebble = TestBots.edit(persona("professor_pebble", 1.0))
                    .ai(TestAi.withModels(persona("professor_pebble", 1).ai(), "pebble-model", List.of())).build();
            return config(sticky, pebble);
        }

        @Test
        void aBotLineNamingNoBotGetsNoReplyEvenAtFullChance() {
            BotsConfig active = talkative();
            llm.answer("sticky-model", "great question!");
            AiCrew[] crew = new AiCrew[1];
            crew[0] = crew(echoingTo(crew, active), manual, new SplittableRandom(3), 5);

            hear(crew[0], active, line("viewer", "@stickyman hi"));
            manual.runAll();

            assertThat(sender.sent()).extracting(RecordingSender.Sent::bot).containsExactly("stickyman");
            assertThat(manual.pending()).isZero();
        }

        @Test
        void aBotLineNamingAnotherBotIsAnsweredByThatBot() {
            BotsConfig active = talkative();
            llm.answer("sticky-model", "what do you think, professor_pebble?").answer("pebble-model", "rocks are old");
            AiCrew[] crew = new AiCrew[1];
            crew[0] = crew(echoingTo(crew, active), manual, new SplittableRandom(3), 5);

            hear(crew[0], active, line("viewer", "@stickyman are rocks cool?"));
            manual.runAll();

            assertThat(sender.sent()).extracting(RecordingSender.Sent::text)
                    .containsExactly("what do you think, professor_pebble?", "rocks are old");
            assertThat(llm.requests("pebble-model").get(0).chat()).containsExactly(
                    new Turn("user", "viewer: @stickyman are rocks cool?"),
                    new Turn("user", "stickyman: what do you think, professor_pebble?"));
        }

        @Test
        void personasThatKeepNamingEachOtherStopAfterThreeLines() {
            BotsConfig active = talkative();
            llm.answer("sticky-model", "over to you, professor_pebble").answer("pebble-model", "no, you, stickyman");
            AiCrew[] crew = new AiCrew[1];
            crew[0] = crew(echoingTo(crew, active), manual, new SplittableRandom(3), 5);

            hear(crew[0], active, line("viewer", "@stickyman start"));
            manual.runAll();

            assertThat(sender.sent()).extracting(RecordingSender.Sent::bot)
                    .containsExactly("stickyman", "professor_pebble", "stickyman");
            assertThat(logs.messages()).contains(
                    "bot=stickyman named [professor_pebble] in #mychannel, but 3 bot lines in a row is enough: not answered");
        }

        @Test
        void aBotsOwnReplyIsInTheHistoryOnceThoughEveryBotHearsIt() {
            BotsConfig active = talkative();
            llm.answer("sticky-model", "hello viewer");
            AiCrew[] crew = new AiCrew[1];
            crew[0] = crew(echoingTo(crew, active), manual, new SplittableRandom(3), 5);

            hear(crew[0], active, line("viewer", "@stickyman hi"));
            manual.runAll();
            hear(crew[0], active, line("viewer", "@stickyman again"));
            manual.runAll();

            assertThat(llm.requests("sticky-model").get(1).chat()).containsExactly(
                    new Turn("user", "viewer: @stickyman hi"),
                    new Turn("assistant", "hello viewer"),
                    new Turn("user", "viewer: @stickyman again"));
        }
    }

    @Nested
    class Requests {
        @Test
        void theRequestCarriesThePromptWithTheGuardAndTheWindowWithRoles() {
            BotConfig sticky = persona("stickyman", 0);
            BotsConfig active = config(sticky, persona("professor_pebble", 0));
            llm.answer(TestAi.MODEL, "Stickyman: hello viewer");
            AiCrew crew = crew();

            hear(crew, active, line("viewer", "hi all"));
            hear(crew, active, line("viewer", "@stickyman hi"));
            manual.runAll();
            hear(crew, active, line("other_viewer", "stickyman, again?"));
            manual.runAll();

            assertThat(sender.texts("stickyman")).containsExactly("hello viewer", "hello viewer");
            Request second = llm.requests().get(1);
            assertThat(second.system()).isEqualTo(PersonaPrompt.systemPrompt(sticky, "mychannel"));
            assertThat(second.chat()).containsExactly(
                    new Turn("user", "viewer: hi all"),
                    new Turn("user", "viewer: @stickyman hi"),
                    new Turn("assistant", "hello viewer"),
                    new Turn("user", "other_viewer: stickyman, again?"));
            assertThat(second.authorization()).isEqualTo("Bearer " + TestAi.KEY);
        }

        @Test
        void theHistoryWindowFollowsTheBotsSizeAndTtl() {
            BotConfig sticky = TestBots.edit(persona("stickyman", 0))
                    .ai(TestAi.withHistory(persona("stickyman", 0).ai(), 2, 60)).build();
            BotsConfig active = config(sticky);
            AiCrew crew = crew();

            hear(crew, active, line("viewer", "too old"));
            clock.advanceSeconds(61);
            hear(crew, active, line("viewer", "one"));
            hear(crew, active, line("viewer", "two"));
            hear(crew, active, line("viewer", "stickyman three"));
            manual.runAll();

            assertThat(llm.requests().get(0).chat()).containsExactly(
                    new Turn("user", "viewer: two"), new Turn("user", "viewer: stickyman three"));
        }

        @Test
        void aReplyThatCouldNotBeSentIsNotInTheHistory() {
            BotsConfig active = config(persona("stickyman", 0));
            AiCrew crew = crew((bot, channel, text) -> false, manual, new SplittableRandom(1), 5);

            hear(crew, active, line("viewer", "@stickyman one"));
            manual.runAll();
            hear(crew, active, line("viewer", "@stickyman two"));
            manual.runAll();

            assertThat(llm.requests().get(1).chat()).containsExactly(
                    new Turn("user", "viewer: @stickyman one"), new Turn("user", "viewer: @stickyman two"));
            assertThat(logs.messages()).contains(
                    "bot=stickyman could not send its reply in #mychannel (not connected or not in the channel)");
        }

        @Test
        void whenEveryModelFailsTheBotStaysQuietAndSaysWhyInTheLog() {
            llm.script(TestAi.MODEL, Reply.status(400)).script(TestAi.FALLBACK, Reply.status(400));
            AiCrew crew = crew();

            hear(crew, config(persona("stickyman", 0)), line("viewer", "@stickyman hi"));
            manual.runAll();

            assertThat(sender.sent()).isEmpty();
            assertThat(logs.warnings()).contains("bot=stickyman no AI reply to viewer in #mychannel: "
                    + "main-model: HTTP 400: fake failure 400; fallback-model: HTTP 400: fake failure 400");
            assertThat(String.join("\n", logs.messages())).doesNotContain(TestAi.KEY);
        }

        @Test
        void delaysAreDrawnBetweenMinAndMax() {
            BotConfig slow = TestBots.edit(persona("stickyman", 0)).delaysMs(1000, 3000).build();
            AiCrew crew = crew(sender, manual, new SplittableRandom(7), 100);

            for (int i = 0; i < 50; i++) {
                // one viewer each: one viewer's lines are answered one at a time (ai.user_cooldown_seconds)
                hear(crew, config(slow), line("viewer" + i, "stickyman #" + i));
            }
            manual.runAll();

            assertThat(manual.delays()).hasSize(50)
                    .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000)));
            assertThat(manual.delays().stream().distinct().count()).isGreaterThan(10);
            assertThat(sender.sent()).hasSize(50);
        }
    }

    @Nested
    class Queue {
        @Test
        void aBotThatFallsBehindDropsItsOldestPendingReplyAndSaysSo() {
            AiCrew crew = crew(sender, manual, new SplittableRandom(1), 2);
            BotsConfig active = config(persona("stickyman", 0));

            for (int i = 1; i <= 4; i++) {
                hear(crew, active, line("viewer" + i, "@stickyman question " + i));
            }

            assertThat(logs.warnings()).containsExactly(
                    "bot=stickyman is falling behind: dropped the oldest pending reply (to viewer2 in #mychannel)");
            manual.runAll();
            assertThat(llm.requests()).extracting(r -> r.chat().get(r.chat().size() - 1).content()).containsExactly(
                    "viewer1: @stickyman question 1", "viewer3: @stickyman question 3", "viewer4: @stickyman question 4");
        }

        @Test
        void repliesOfOneBotGoOneAtATime() {
            AiCrew crew = crew();
            BotsConfig active = config(persona("stickyman", 0));

            hear(crew, active, line("viewer1", "@stickyman one"));
            hear(crew, active, line("viewer2", "@stickyman two"));

            assertThat(manual.pending()).isEqualTo(1);
            assertThat(crew.pendingReplies("stickyman")).isEqualTo(1);
            manual.runNext();
            assertThat(manual.pending()).isEqualTo(1);
            manual.runNext();
            assertThat(sender.sent()).hasSize(2);
        }

        @Test
        void aBotRemovedByAReloadDropsWhatItStillOwes() {
            AiCrew crew = crew();
            BotsConfig active = config(persona("stickyman", 0), persona("professor_pebble", 0));

            hear(crew, active, line("viewer", "@stickyman one"));
            hear(crew, active, line("viewer", "@stickyman two"));
            crew.configure(config(persona("professor_pebble", 0)));
            manual.runAll();

            assertThat(llm.requests()).isEmpty();
            assertThat(crew.pendingReplies("stickyman")).isZero();
        }
    }

    @Nested
    class ViewerCooldown {
        private BotConfig cooled(String name, long seconds) {
            BotConfig bot = persona(name, 0);
            return TestBots.edit(bot).ai(TestAi.withUserCooldown(bot.ai(), seconds)).build();
        }

        @Test
        void aViewersLinesWithinTheCooldownStartNoRequestAndTheNextOneAfterItDoes() {
            AiCrew crew = crew();
            BotsConfig active = config(cooled("stickyman", 10));

            hear(crew, active, line("flooder", "@stickyman one"));
            manual.runAll();
            clock.advanceSeconds(5);
            hear(crew, active, line("flooder", "@stickyman two"));
            manual.runAll();
            clock.advanceSeconds(4);
            hear(crew, active, line("flooder", "@stickyman three"));
            manual.runAll();
            clock.advanceSeconds(1);
            hear(crew, active, line("flooder", "@stickyman four"));
            manual.runAll();

            assertThat(llm.requests()).extracting(r -> r.chat().get(r.chat().size() - 1).content())
                    .containsExactly("flooder: @stickyman one", "flooder: @stickyman four");
            assertThat(sender.sent()).hasSize(2);
        }

        @Test
        void theCooldownIsPerViewerAndPerBot() {
            AiCrew crew = crew();
            BotsConfig active = config(cooled("stickyman", 10), cooled("professor_pebble", 10));

            hear(crew, active, line("flooder", "@stickyman @professor_pebble hi"));
            hear(crew, active, line("flooder", "@stickyman @professor_pebble hi again"));
            hear(crew, active, line("calm_viewer", "@stickyman hello"));
            manual.runAll();

            assertThat(llm.requests()).extracting(r -> r.model() + " " + r.system().lines().findFirst().orElse("") + " / "
                    + r.chat().get(r.chat().size() - 1).content()).containsExactlyInAnyOrder(
                    "main-model You are stickyman. / flooder: @stickyman @professor_pebble hi",
                    "main-model You are stickyman. / calm_viewer: @stickyman hello",
                    "main-model You are professor_pebble. / flooder: @stickyman @professor_pebble hi");
        }

        @Test
        void withNoCooldownAViewerStillHasOneReplyInFlightPerBotAtATime() {
            AiCrew crew = crew();
            BotsConfig active = config(cooled("stickyman", 0));

            hear(crew, active, line("flooder", "@stickyman one"));
            hear(crew, active, line("flooder", "@stickyman two")); // the first is still owed: not queued
            assertThat(manual.pending()).isEqualTo(1);
            assertThat(crew.pendingReplies("stickyman")).isZero();
            manual.runAll();
            hear(crew, active, line("flooder", "@stickyman three"));
            manual.runAll();

            assertThat(llm.requests()).extracting(r -> r.chat().get(r.chat().size() - 1).content())
                    .containsExactly("flooder: @stickyman one", "flooder: @stickyman three");
        }

        @Test
        void aReplyDroppedFromAFullQueueFreesItsViewer() {
            AiCrew crew = crew(sender, manual, new SplittableRandom(1), 1);
            BotsConfig active = config(cooled("stickyman", 0));

            hear(crew, active, line("viewer1", "@stickyman one")); // running (scheduled)
            hear(crew, active, line("viewer2", "@stickyman two")); // pending
            hear(crew, active, line("viewer3", "@stickyman three")); // pushes viewer2's out
            hear(crew, active, line("viewer2", "@stickyman two again")); // viewer2 owes nothing now
            manual.runAll();

            assertThat(llm.requests()).extracting(r -> r.chat().get(r.chat().size() - 1).content())
                    .containsExactly("viewer1: @stickyman one", "viewer2: @stickyman two again");
        }

        @Test
        void aReloadThatChangesTheCooldownAppliesToTheNextLine() {
            AiCrew crew = crew();

            hear(crew, config(cooled("stickyman", 600)), line("flooder", "@stickyman one"));
            manual.runAll();
            clock.advanceSeconds(30);
            hear(crew, config(cooled("stickyman", 600)), line("flooder", "@stickyman two"));
            hear(crew, config(cooled("stickyman", 20)), line("flooder", "@stickyman three"));
            manual.runAll();

            assertThat(llm.requests()).extracting(r -> r.chat().get(r.chat().size() - 1).content())
                    .containsExactly("flooder: @stickyman one", "flooder: @stickyman three");
        }

        @Test
        void crewBotsAreBoundByTheChainLimitNotByTheCooldown() {
            AiCrew crew = crew();
            BotsConfig active = config(cooled("stickyman", 600), cooled("professor_pebble", 600));

            hear(crew, active, line("professor_pebble", "@stickyman one"));
            manual.runAll();
            hear(crew, active, line("professor_pebble", "@stickyman two"));
            manual.runAll();

            assertThat(llm.requests()).hasSize(2);
        }
    }

    @Nested
    class MissingKey {
        @Test
        void aBotWithoutAKeyWarnsOnceAndSendsNothing() {
            BotConfig keyless = TestBots.edit(persona("stickyman", 1.0)).ai(TestAi.withoutKey(persona("stickyman", 1).ai())).build();
            BotsConfig active = config(keyless);
            AiCrew crew = crew();

            crew.configure(active);
            for (int i = 0; i < 5; i++) {
                hear(crew, active, line("viewer", "@stickyman hello " + i));
            }
            crew.configure(config(TestBots.edit(keyless).replyChance(0.5).build()));
            manual.runAll();

            assertThat(logs.warnings()).containsExactly("bot=stickyman has no ai.api_key: its AI replies are off. "
                    + "Set ai.api_key (e.g. api_key = \"${OPENROUTER_API_KEY}\" with that variable set) and reload.");
            assertThat(llm.requests()).isEmpty();
            assertThat(sender.sent()).isEmpty();
        }

        @Test
        void anEmptyKeyCountsAsMissingAndAKeyAddedByAReloadTurnsRepliesOn() {
            BotConfig sticky = persona("stickyman", 0);
            BotConfig empty = TestBots.edit(sticky).ai(TestAi.withKey(sticky.ai(), "")).build();
            AiCrew crew = crew();

            hear(crew, config(empty), line("viewer", "@stickyman hi"));
            hear(crew, config(sticky), line("viewer", "@stickyman now?"));
            manual.runAll();
            hear(crew, config(empty), line("viewer", "@stickyman and now?"));

            assertThat(sender.sent()).hasSize(1);
            assertThat(logs.warnings()).hasSize(2).allMatch(w -> w.startsWith("bot=stickyman has no ai.api_key"));
        }

        @Test
        void aModeratorWithoutAKeyIsToldModerationIsOffToo() {
            BotConfig warden = TestBots.bot("chat_warden").role(dev.hupbot.config.Role.MODERATOR)
                    .moderation(ModeratorTest.rules(false)).build();
            AiCrew crew = crew();

            crew.configure(config(warden));

            assertThat(logs.warnings()).containsExactly("bot=chat_warden has no ai.api_key: its AI replies and "
                    + "moderation are off. Set ai.api_key (e.g. api_key = \"${OPENROUTER_API_KEY}\" with that variable "
                    + "set) and reload.");
        }
    }

    @Nested
    class HotSettings {
        @Test
        void aNewPromptAndTemperatureApplyToTheNextRequest() {
            BotConfig before = persona("stickyman", 0);
            BotConfig after = TestBots.edit(before)
                    .ai(TestAi.withTemperature(TestAi.withPrompt(before.ai(), "You are NEW Stickyman."), 0.0)).build();
            AiCrew crew = crew();

            hear(crew, config(before), line("viewer", "@stickyman one"));
            manual.runAll();
            crew.configure(config(after));
            hear(crew, config(after), line("viewer", "@stickyman two"));
            manual.runAll();

            assertThat(llm.requests()).extracting(Request::temperature).containsExactly(0.7, 0.0);
            assertThat(llm.requests().get(1).system()).startsWith("You are NEW Stickyman.");
        }

        @Test
        void aReplyWaitingForItsTurnUsesTheSettingsOfItsTurn() {
            BotConfig before = persona("stickyman", 0);
            BotConfig after = TestBots.edit(before).ai(TestAi.withTemperature(before.ai(), 1.3)).build();
            AiCrew crew = crew();

            hear(crew, config(before), line("viewer", "@stickyman one"));
            crew.configure(config(after));
            manual.runAll();

            assertThat(llm.requests()).extracting(Request::temperature).containsExactly(1.3);
        }

        @Test
        void aRequestInFlightKeepsTheSettingsItStartedWith() {
            CountDownLatch gate = new CountDownLatch(1);
            llm.script(TestAi.MODEL, Reply.gated(gate, 500), Reply.status(500),
                    Reply.status(500)).answer(TestAi.FALLBACK, "from the fallback");
            BotConfig before = persona("stickyman", 0);
            BotConfig after = TestBots.edit(before)
                    .ai(TestAi.withTemperature(TestAi.withPrompt(before.ai(), "You are NEW."), 1.5)).build();
            DaemonScheduler threads = new DaemonScheduler();
            closing.add(threads);
            AiCrew crew = crew(sender, threads, new SplittableRandom(1), 5);

            hear(crew, config(before), line("viewer", "@stickyman one"));
            await().atMost(Duration.ofSeconds(10)).until(() -> llm.requests().size() == 1);
            crew.configure(config(after));
            gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent().size() == 1);

            assertThat(llm.requests()).extracting(Request::model)
                    .containsExactly(TestAi.MODEL, TestAi.MODEL, TestAi.MODEL, TestAi.FALLBACK);
            assertThat(llm.requests()).allSatisfy(r -> {
                assertThat(r.temperature()).isEqualTo(0.7);
                assertThat(r.system()).startsWith("You are stickyman.");
            });
            assertThat(sender.texts("stickyman")).containsExactly("from the fallback");

            hear(crew, config(after), line("viewer", "@stickyman two"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent().size() == 2);
            Request next = llm.requests().get(llm.requests().size() - 1);
            assertThat(next.temperature()).isEqualTo(1.5);
            assertThat(next.system()).startsWith("You are NEW.");
        }
    }

    @Test
    void eachLineIsHandledOnceThoughEveryBotReportsIt() {
        BotsConfig active = config(persona("stickyman", 0), persona("professor_pebble", 0), persona("sleepy_llama", 0));
        AiCrew crew = crew();
        ChatMessage mention = line("viewer", "@stickyman hi");

        hear(crew, active, line("viewer", "hello all"));
        hear(crew, active, mention);
        hear(crew, active, mention);
        manual.runAll();

        assertThat(sender.sent()).hasSize(1);
        assertThat(llm.requests().get(0).chat()).containsExactly(
                new Turn("user", "viewer: hello all"), new Turn("user", "viewer: @stickyman hi"));
    }

    @Test
    void aCrewFromCreateStopsItsThreadsOnClose() {
        AiCrew created = AiCrew.create(sender, TwitchApi.DEFAULT, clock);
        BotsConfig active = config(persona("stickyman", 0));
        created.onMessage("stickyman", line("viewer", "@stickyman hi"), active, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent().size() == 1);
        assertThat(aiThreads()).isNotEmpty().allMatch(Thread::isDaemon);

        created.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> aiThreads().isEmpty());
    }

    private static List<Thread> aiThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ai-")).toList();
    }

    @Test
    void closeStopsEverything() {
        AiCrew crew = crew();
        BotsConfig active = config(persona("stickyman", 0));
        hear(crew, active, line("viewer", "@stickyman one"));
        hear(crew, active, line("viewer", "@stickyman two"));

        crew.close();
        hear(crew, active, line("viewer", "@stickyman three"));

        assertThat(crew.pendingReplies("stickyman")).isZero();
        manual.runAll();
        assertThat(llm.requests()).isEmpty();
        assertThat(sender.sent()).isEmpty();
    }
}
