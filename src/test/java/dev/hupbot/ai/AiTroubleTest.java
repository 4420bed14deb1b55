package dev.hupbot.ai;

import static dev.hupbot.ai.TestAi.line;
import static dev.hupbot.ai.TestAi.twitchLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.bot.TestBots;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator is told when AI answers cannot come: which bots are personas, why an
 * answer failed (the shell chat's note), and repeated failures logged once with a count.
 */
class AiTroubleTest {
    /** Nothing listens on port 9 of the loopback: every request is refused at once. */
    private static final String UNREACHABLE = "http://127.0.0.1:9/v1";

    private final FakeLlmServer llm = FakeLlmServer.start();
    private final MutableClock clock = MutableClock.start();
    private final RecordingSender sender = new RecordingSender();
    private final ManualScheduler manual = new ManualScheduler();
    private final LogCapture logs = new LogCapture();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final AiCrew crew = new AiCrew(sender,
            new LlmClient(LlmClient.defaultHttpClient(), clock, new RecordingSleeper(), RetryPolicy.DEFAULT),
            new HelixClient(LlmClient.defaultHttpClient(), new TwitchApi("http://127.0.0.1:9/helix", "http://127.0.0.1:9/oauth2")),
            manual, clock, new SplittableRandom(1), 5);

    AiTroubleTest() {
        crew.onAnswerFailure((bot, channel, cause) -> notes.add(bot + " in #" + channel + ": " + cause));
    }

    @AfterEach
    void stop() {
        crew.close();
        logs.close();
        llm.close();
    }

    private BotConfig persona(String name, String baseUrl) {
        return TestBots.bot(name).replyChance(0).ai(TestAi.ai(baseUrl, "You are " + name + ".")).build();
    }

    private void hear(BotsConfig active, String text) {
        var message = line("viewer", text);
        for (BotConfig bot : active.bots()) {
            crew.onMessage(bot.name(), message, active, false);
        }
        manual.runAll();
    }

    @Test
    void theStartUpSaysWhichBotsArePersonasAndWhyTheOthersAnswerOnlyCommands() {
        BotConfig sticky = persona("stickyman", llm.baseUrl());
        BotConfig pebble = TestBots.edit(persona("professor_pebble", llm.baseUrl()))
                .ai(TestAi.withPrompt(sticky.ai(), "")).build();
        BotConfig llama = TestBots.edit(persona("sleepy_llama", llm.baseUrl()))
                .ai(TestAi.withKey(sticky.ai(), "sk-or-v1-replace-me")).build();
        BotConfig keyless = TestBots.edit(persona("keyless", llm.baseUrl())).ai(TestAi.withoutKey(sticky.ai())).build();

        crew.configure(new BotsConfig(List.of(sticky, pebble, llama, keyless)));

        assertThat(logs.messages()).contains(
                "bot=stickyman is an AI persona (model main-model)",
                "bot=professor_pebble answers only commands: no system_prompt; give it [bots.ai] system_prompt to make it a persona",
                "bot=sleepy_llama answers only commands: ai.api_key is the example's placeholder; put your real API key"
                        + " in the env file or environment to make it a persona",
                "bot=keyless answers only commands: no ai.api_key; set ai.api_key to make it a persona");
        // the placeholder has its own warning from the file's check: no second one here
        assertThat(logs.warnings()).noneMatch(w -> w.startsWith("bot=sleepy_llama"));

        int before = logs.messages().size();
        crew.configure(new BotsConfig(List.of(sticky, pebble, llama, keyless))); // a reload that changes none of it
        assertThat(logs.messages()).hasSize(before);
        crew.configure(new BotsConfig(List.of(sticky, TestBots.edit(pebble).ai(sticky.ai()).build(), llama, keyless)));
        assertThat(logs.messages().subList(before, logs.messages().size()))
                .containsExactly("bot=professor_pebble is an AI persona (model main-model)");
    }

    @Test
    void aPlaceholderKeyIsNeverSentAndAMentionIsToldWhy() {
        BotConfig sticky = persona("stickyman", llm.baseUrl());
        BotConfig placeholder = TestBots.edit(sticky).ai(TestAi.withKey(sticky.ai(), "sk-or-v1-replace-me")).build();
        BotConfig plain = TestBots.edit(persona("professor_pebble", llm.baseUrl()))
                .ai(TestAi.withPrompt(sticky.ai(), "")).build();
        BotsConfig active = new BotsConfig(List.of(placeholder, plain));

        hear(active, "@stickyman hi, professor_pebble too");
        hear(active, "nobody named here");

        assertThat(llm.requests()).isEmpty();
        assertThat(sender.sent()).isEmpty();
        assertThat(notes).containsExactly(
                "stickyman in #mychannel: it answers only commands: ai.api_key is the example's placeholder",
                "professor_pebble in #mychannel: it answers only commands: no system_prompt");
    }

    @Test
    void anUnreachableEndpointIsOneWarningWithACountAndOneNotePerMentionAndItsRecoveryOneLine() {
        BotsConfig down = new BotsConfig(List.of(persona("stickyman", UNREACHABLE)));
        for (int i = 0; i < 4; i++) {
            hear(down, "@stickyman hello " + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(notes).hasSize(4).allMatch(n -> n.equals(
                "stickyman in #mychannel: the AI endpoint " + UNREACHABLE + " is unreachable"));
        assertThat(logs.warnings()).containsExactly(
                "bot=stickyman model main-model failed (could not reach " + UNREACHABLE + ": ConnectException); trying"
                        + " fallback fallback-model",
                "bot=stickyman no AI reply to viewer in #mychannel: main-model: could not reach " + UNREACHABLE
                        + ": ConnectException; fallback-model: could not reach " + UNREACHABLE + ": ConnectException");

        clock.advance(Duration.ofMinutes(1)); // 5 min after the first
        hear(down, "@stickyman still there?");
        assertThat(logs.warnings()).hasSize(4);
        assertThat(logs.warnings().subList(2, 4)).allMatch(w -> w.endsWith("(4 more times in the last 5 min)"));

        hear(new BotsConfig(List.of(persona("stickyman", llm.baseUrl()))), "@stickyman back?");
        assertThat(sender.sent()).hasSize(1);
        assertThat(logs.messages()).containsOnlyOnce("bot=stickyman AI endpoint reachable again");
    }

    @Test
    void anHttpErrorNamesTheStatusInTheNote() {
        llm.script(TestAi.MODEL, FakeLlmServer.Reply.status(401));
        BotsConfig active = new BotsConfig(List.of(TestBots.edit(persona("stickyman", llm.baseUrl()))
                .ai(TestAi.withModels(persona("stickyman", llm.baseUrl()).ai(), TestAi.MODEL, List.of())).build()));

        hear(active, "@stickyman hi");

        assertThat(notes).containsExactly("stickyman in #mychannel: the AI endpoint refused the API key; check ai.api_key");
    }

    @Test
    void theModeratorsFailingChecksAreOneWarningNotOneEvery30Seconds() {
        BotConfig warden = TestBots.bot("chat_warden").role(Role.MODERATOR)
                .ai(TestAi.ai(UNREACHABLE, "You are Chat Warden.")).moderation(ModeratorTest.rules(true)).build();
        BotsConfig active = new BotsConfig(List.of(warden));
        crew.configure(active);
        for (int i = 0; i < 6; i++) {
            crew.onMessage("chat_warden", twitchLine("viewer", "1005", "line " + i, Permission.EVERYONE), active, false);
            crew.moderator().check("chat_warden");
            clock.advanceSeconds(30);
        }
        assertThat(logs.warnings()).hasSize(2).last().asString()
                .startsWith("bot=chat_warden moderation check of #mychannel got no verdict: main-model: could not reach");

        BotsConfig back = new BotsConfig(List.of(TestBots.edit(warden).ai(TestAi.ai(llm.baseUrl(), "You are Chat Warden.")).build()));
        crew.configure(back);
        llm.answer(TestAi.MODEL, "{\"violations\":[]}");
        crew.onMessage("chat_warden", twitchLine("viewer", "1005", "fine now", Permission.EVERYONE), back, false);
        crew.moderator().check("chat_warden");
        assertThat(logs.messages()).containsOnlyOnce(
                "bot=chat_warden moderation check of #mychannel: AI endpoint reachable again (the warning repeated 5 more times in the last 3 min)");
    }
}
