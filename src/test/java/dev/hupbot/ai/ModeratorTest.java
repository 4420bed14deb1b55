package dev.hupbot.ai;

import static dev.hupbot.ai.TestAi.twitchLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.bot.TestBots;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.it.support.FakeHelixServer;
import dev.hupbot.it.support.FakeHelixServer.Timeout;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeLlmServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModeratorTest {
    private static final String TOKEN = "warden-secret-token";

    private final FakeLlmServer llm = FakeLlmServer.start();
    private final FakeHelixServer twitch = FakeHelixServer.start().account(TOKEN, "client-1", "chat_warden", "9001");
    private final MutableClock clock = MutableClock.start();
    private final ManualScheduler manual = new ManualScheduler();
    private final LogCapture logs = new LogCapture();
    private final AiCrew crew = new AiCrew(new RecordingSender(),
            new LlmClient(LlmClient.defaultHttpClient(), clock, new RecordingSleeper(), RetryPolicy.DEFAULT),
            new HelixClient(LlmClient.defaultHttpClient(), new TwitchApi(twitch.helixUrl(), twitch.authUrl())),
            manual, clock, new SplittableRandom(1), 5);

    @AfterEach
    void stop() {
        crew.close();
        logs.close();
        llm.close();
        twitch.close();
    }

    static ModerationConfig rules(boolean dryRun) {
        return new ModerationConfig(List.of("no spam", "no slurs"), 30, 600,
                List.of(Permission.MODERATOR, Permission.VIP, Permission.BROADCASTER), dryRun);
    }

    private BotConfig warden(ModerationConfig moderation) {
        return TestBots.bot("chat_warden").role(Role.MODERATOR).token("oauth:" + TOKEN)
                .ai(TestAi.ai(llm.baseUrl(), "You are Chat Warden.")).moderation(moderation).build();
    }

    private BotsConfig crewWith(BotConfig warden) {
        return new BotsConfig(List.of(warden,
                TestBots.bot("stickyman").ai(TestAi.ai(llm.baseUrl(), "You are stickyman.")).build()));
    }

    private void hear(BotsConfig active, ChatMessage message) {
        crew.onMessage("chat_warden", message, active, false);
    }

    private void verdict(String json) {
        llm.answer(TestAi.MODEL, json);
    }

    @Test
    void timesOutASpammerCappedButNeverAnExemptUserACrewBotOrAStranger() {
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "BUY FOLLOWERS at spam.example", Permission.EVERYONE));
        hear(active, twitchLine("a_mod", "1002", "please stop", Permission.MODERATOR));
        hear(active, twitchLine("a_vip", "1003", "lol", Permission.VIP));
        hear(active, twitchLine("stickyman", "1004", "hello chat", Permission.EVERYONE));
        hear(active, twitchLine("viewer", "1005", "gg", Permission.EVERYONE));
        hear(active, twitchLine("spammer", "1001", "BUY FOLLOWERS at spam.example", Permission.EVERYONE));
        verdict("""
                ```json
                {"violations":[
                  {"user":"spammer","reason":"spam","duration":99999},
                  {"user":"a_mod","reason":"rude","duration":60},
                  {"user":"A_VIP","reason":"rude","duration":60},
                  {"user":"stickyman","reason":"bot","duration":60},
                  {"user":"ghost","reason":"not here","duration":60}]}
                ```""");

        List<ModerationAction> actions = crew.moderator().check("chat_warden");

        assertThat(twitch.timeouts()).containsExactly(
                new Timeout("5000", "9001", "1001", 600, "spam", "Bearer " + TOKEN, "client-1"));
        assertThat(actions).extracting(ModerationAction::user, ModerationAction::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("spammer", ModerationAction.Outcome.TIMED_OUT));
        Request asked = llm.requests().get(0);
        assertThat(asked.chat()).singleElement().extracting(FakeLlmServer.Turn::content).isEqualTo("""
                spammer: BUY FOLLOWERS at spam.example
                viewer: gg
                spammer: BUY FOLLOWERS at spam.example""");
        assertThat(asked.system()).startsWith("You are Chat Warden.\n\nYou moderate the Twitch chat of #mychannel. "
                + "The channel rules:\n- no spam\n- no slurs\n");
        assertThat(asked.maxTokens()).isEqualTo(ModerationPrompt.MIN_TOKENS);
        assertThat(logs.messages()).contains(
                "bot=chat_warden timed out spammer in #mychannel for 600s: spam",
                "bot=chat_warden ignored a verdict on a_mod: not among the checked lines of #mychannel",
                "bot=chat_warden ignored a verdict on ghost: not among the checked lines of #mychannel");
        assertThat(String.join("\n", logs.messages())).doesNotContain(TOKEN);
    }

    @Test
    void dryRunLogsWhatItWouldDoAndCallsNothing() {
        BotsConfig active = crewWith(warden(rules(true)));
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "spam spam spam", Permission.EVERYONE));
        verdict("{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\"}]}");

        crew.moderator().check("chat_warden");

        assertThat(logs.messages()).contains("bot=chat_warden dry_run: would time out spammer for 60s: spam");
        assertThat(twitch.timeouts()).isEmpty();
        assertThat(twitch.validations()).isZero();
    }

    @Test
    void eachCheckSendsOnlyTheLinesSinceTheLastOne() {
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        verdict("{\"violations\":[]}");
        hear(active, twitchLine("viewer", "1005", "first", Permission.EVERYONE));

        crew.moderator().check("chat_warden");
        crew.moderator().check("chat_warden");
        hear(active, twitchLine("viewer", "1005", "second", Permission.EVERYONE));
        crew.moderator().check("chat_warden");

        assertThat(llm.requests()).extracting(r -> r.chat().get(0).content()).containsExactly("viewer: first", "viewer: second");
    }

    @Test
    void linesFromBeforeTheModeratorStartedAreNotJudged() {
        BotsConfig without = new BotsConfig(List.of(TestBots.bot("stickyman").build()));
        BotsConfig with = crewWith(warden(rules(false)));
        crew.onMessage("stickyman", twitchLine("viewer", "1005", "said before the warden came", Permission.EVERYONE),
                without, false);

        crew.configure(with);
        crew.moderator().check("chat_warden");

        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void theTokensIdentityIsAskedOnce() {
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        verdict("{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":10}]}");

        hear(active, twitchLine("spammer", "1001", "spam", Permission.EVERYONE));
        crew.moderator().check("chat_warden");
        hear(active, twitchLine("spammer", "1001", "more spam", Permission.EVERYONE));
        crew.moderator().check("chat_warden");

        assertThat(twitch.timeouts()).hasSize(2);
        assertThat(twitch.validations()).isEqualTo(1);
    }

    @Test
    void exemptionCoversEveryLevelAtOrAboveAnExemptRole() {
        ModerationConfig subscribersUp = new ModerationConfig(List.of("no spam"), 30, 600, List.of(Permission.SUBSCRIBER), false);
        BotsConfig active = crewWith(warden(subscribersUp));
        crew.configure(active);
        hear(active, twitchLine("a_sub", "1010", "spam", Permission.SUBSCRIBER));
        hear(active, twitchLine("a_vip", "1011", "spam", Permission.VIP));
        hear(active, twitchLine("mychannel", "5000", "spam", Permission.BROADCASTER));

        crew.moderator().check("chat_warden");

        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void theChannelOwnerIsNeverJudgedEvenWithoutExemptRoles() {
        ModerationConfig nobodyExempt = new ModerationConfig(List.of("no spam"), 30, 600, List.of(), false);
        BotsConfig active = crewWith(warden(nobodyExempt));
        crew.configure(active);
        hear(active, twitchLine("mychannel", "5000", "my own channel", Permission.BROADCASTER));
        hear(active, twitchLine("a_mod", "1002", "judge me", Permission.MODERATOR));

        crew.moderator().check("chat_warden");

        assertThat(llm.requests()).singleElement().extracting(r -> r.chat().get(0).content()).isEqualTo("a_mod: judge me");
    }

    @Test
    void aRefusalFromTwitchIsLoggedWithItsReason() {
        twitch.refuseBans(403, "The user in moderator_id is not one of the broadcaster's moderators");
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "spam", Permission.EVERYONE));
        verdict("{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":10}]}");

        List<ModerationAction> actions = crew.moderator().check("chat_warden");

        assertThat(actions).extracting(ModerationAction::outcome).containsExactly(ModerationAction.Outcome.FAILED);
        assertThat(logs.warnings()).contains("bot=chat_warden could not time out spammer in #mychannel: Twitch refused "
                + "the timeout (HTTP 403): The user in moderator_id is not one of the broadcaster's moderators");
    }

    @Test
    void aTokenTwitchDoesNotKnowIsReportedWithoutShowingIt() {
        BotConfig stranger = TestBots.edit(warden(rules(false))).token("oauth:unknown-token").build();
        BotsConfig active = crewWith(stranger);
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "spam", Permission.EVERYONE));
        verdict("{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":10}]}");

        crew.moderator().check("chat_warden");

        assertThat(logs.warnings()).contains("bot=chat_warden could not time out spammer in #mychannel: Twitch did not "
                + "accept the token of bot chat_warden (HTTP 401 from " + twitch.authUrl()
                + "/validate): renew the token: invalid access token");
        assertThat(String.join("\n", logs.messages())).doesNotContain("unknown-token");
    }

    @Test
    void aVerdictThatIsNotJsonChangesNothing() {
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "spam", Permission.EVERYONE));
        verdict("I think spammer should be banned.");

        assertThat(crew.moderator().check("chat_warden")).isEmpty();
        assertThat(logs.warnings()).contains("bot=chat_warden could not read the moderation verdict for #mychannel: "
                + "the model's answer holds no JSON: I think spammer should be banned.");
        assertThat(twitch.timeouts()).isEmpty();
    }

    @Test
    void withoutTwitchIdsNothingIsCalled() {
        BotsConfig active = crewWith(warden(rules(false)));
        crew.configure(active);
        hear(active, TestAi.line("spammer", "spam from the shell"));
        verdict("{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":10}]}");

        assertThat(crew.moderator().check("chat_warden")).extracting(ModerationAction::outcome)
                .containsExactly(ModerationAction.Outcome.NO_TWITCH_IDS);
        assertThat(twitch.validations()).isZero();
    }

    @Test
    void theCheckIntervalIsReadAtEachSchedulingAndARemovedModeratorStops() {
        BotConfig every30 = warden(rules(true));
        BotConfig every5 = warden(new ModerationConfig(List.of("no spam"), 5, 600, List.of(), true));
        crew.configure(crewWith(every30));
        assertThat(manual.delays()).containsExactly(Duration.ofSeconds(30));

        manual.runNext();
        crew.configure(crewWith(every5));
        manual.runNext();
        crew.configure(new BotsConfig(List.of(TestBots.bot("stickyman").build())));
        manual.runNext();

        assertThat(manual.delays()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(manual.pending()).isZero();
        assertThat(crew.moderator().running("chat_warden")).isFalse();
        assertThat(logs.messages()).contains("bot=chat_warden moderating [mychannel] every 30s (dry_run: no timeouts)",
                "bot=chat_warden stopped moderating");
    }

    @Test
    void aModeratorWithoutAKeyJudgesNothing() {
        BotConfig keyless = TestBots.edit(warden(rules(false))).ai(TestAi.withoutKey(warden(rules(false)).ai())).build();
        BotsConfig active = crewWith(keyless);
        crew.configure(active);
        hear(active, twitchLine("spammer", "1001", "spam", Permission.EVERYONE));

        assertThat(crew.moderator().check("chat_warden")).isEmpty();
        assertThat(llm.requests()).isEmpty();
    }
}
