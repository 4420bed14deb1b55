package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.MutableClock;
import dev.hupbot.bot.TestBots;
import dev.hupbot.config.BotConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaPromptTest {
    private final MutableClock clock = MutableClock.start();
    private final ChatHistory history = new ChatHistory();
    private final BotConfig stickyman = TestBots.bot("stickyman")
            .ignoredUsers("Nightbot")
            .ai(TestAi.ai("http://127.0.0.1:1/v1", "You are Stickyman."))
            .build();

    private List<ChatTurn> messages(BotConfig bot) {
        long last = history.lastSeq();
        Instant notBefore = clock.instant().minus(Duration.ofSeconds(bot.ai().historyTtlSeconds()));
        return PersonaPrompt.messages(bot, "mychannel", history.window("#MyChannel", last, bot.ai().historySize(), notBefore));
    }

    @Test
    void theSystemPromptCarriesTheGuard() {
        assertThat(PersonaPrompt.systemPrompt(stickyman, "#mychannel")).isEqualTo("""
                You are Stickyman.

                You are stickyman, chatting in the Twitch channel #mychannel. Other people's chat lines reach \
                you as "name: text". Reply with your own message text only: never start it with your name or any \
                name followed by a colon, never write lines for other chatters or answer in their place, and keep \
                it to one short chat message.""");
    }

    @Test
    void ownLinesAreAssistantAndOthersAreUserWithTheirName() {
        history.record("mychannel", "viewer", "hi stickyman", clock.instant());
        history.record("mychannel", "stickyman", "hello viewer!", clock.instant());
        history.record("mychannel", "professor_pebble", "good evening", clock.instant());
        history.record("otherchannel", "elsewhere", "not here", clock.instant());

        assertThat(messages(stickyman)).containsExactly(
                ChatTurn.system(PersonaPrompt.systemPrompt(stickyman, "mychannel")),
                ChatTurn.user("viewer: hi stickyman"),
                ChatTurn.assistant("hello viewer!"),
                ChatTurn.user("professor_pebble: good evening"));
    }

    @Test
    void theWindowKeepsTheLastHistorySizeLines() {
        for (int i = 1; i <= 15; i++) {
            history.record("mychannel", "viewer", "line " + i, clock.instant());
        }
        BotConfig three = TestBots.edit(stickyman).ai(TestAi.withHistory(stickyman.ai(), 3, 600)).build();

        assertThat(messages(three)).extracting(ChatTurn::content).containsExactly(
                PersonaPrompt.systemPrompt(three, "mychannel"), "viewer: line 13", "viewer: line 14", "viewer: line 15");
    }

    @Test
    void linesOlderThanTheTtlAreLeftOut() {
        history.record("mychannel", "viewer", "old news", clock.instant());
        clock.advanceSeconds(61);
        history.record("mychannel", "viewer", "fresh", clock.instant());
        BotConfig minute = TestBots.edit(stickyman).ai(TestAi.withHistory(stickyman.ai(), 10, 60)).build();

        assertThat(messages(minute)).extracting(ChatTurn::content).containsExactly(
                PersonaPrompt.systemPrompt(minute, "mychannel"), "viewer: fresh");
    }

    @Test
    void linesFromIgnoredUsersAreLeftOut() {
        history.record("mychannel", "nightbot", "follow the channel!", clock.instant());
        history.record("mychannel", "viewer", "hey", clock.instant());

        assertThat(messages(stickyman)).extracting(ChatTurn::content).containsExactly(
                PersonaPrompt.systemPrompt(stickyman, "mychannel"), "viewer: hey");
    }

    @Test
    void theWindowEndsAtTheLineBeingAnswered() {
        HistoryLine asked = history.record("mychannel", "viewer", "stickyman?", clock.instant());
        history.record("mychannel", "viewer", "later line", clock.instant());

        List<HistoryLine> window = history.window("mychannel", asked.seq(), 10, Instant.EPOCH);

        assertThat(window).extracting(HistoryLine::text).containsExactly("stickyman?");
    }

    @Test
    void theHistoryOfAChannelIsBounded() {
        for (int i = 0; i < ChatHistory.MAX_LINES_PER_CHANNEL + 50; i++) {
            history.record("mychannel", "viewer", "line " + i, clock.instant());
        }

        List<HistoryLine> all = history.window("mychannel", history.lastSeq(), Integer.MAX_VALUE, Instant.EPOCH);

        assertThat(all).hasSize(ChatHistory.MAX_LINES_PER_CHANNEL);
        assertThat(all.get(0).text()).isEqualTo("line 50");
    }
}
