package dev.hupbot.diff;

import static dev.hupbot.diff.Bots.bot;
import static dev.hupbot.diff.Bots.config;
import static dev.hupbot.diff.Bots.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffFormatTest {
    private static final BotConfig STICKYMAN = with(bot("stickyman"), b -> {
        b.commands.put("hello", ConfigDiffTest.command("hello", "Hello {user}!"));
        b.ai.systemPrompt = "You are Stickyman, a stick figure who lives in the corner of the stream.";
    });
    private static final BotConfig GONE = bot("old_timer");

    static ConfigDiff sample() {
        BotConfig after = with(STICKYMAN, b -> {
            b.ai.temperature = 0.9;
            b.commands.put("hello", ConfigDiffTest.command("hello", "Hi {user}!"));
            b.token = Secret.of("oauth:new-stickyman-token");
            b.introMessage = "stickyman has entered the chat, waving both stick arms at everyone";
            b.ai.systemPrompt = "You are Stickyman, a stick figure who lives in the corner of the stream.\n"
                    + "Answer in one short line.";
        });
        BotConfig quiet = with(bot("quiet_one"), b -> b.enabled = false);
        return ConfigDiff.between(config(STICKYMAN, GONE), config(after, bot("chat_warden"), quiet));
    }

    @Test
    void theTableGroupsByBotAndAlignsValuesAndActions() {
        Snapshots.assertMatches(DiffFormat.human(sample()), "diff-format-human.txt");
    }

    @Test
    void aLongTextShowsOnlyItsChangedLinesWithOneLineOfContext() {
        String before = "\"one\\ntwo\\nthree\\nfour\\nfive\\nsix\\nseven\"";
        String after = "\"one\\nTWO\\nthree\\nfour\\nfive\\nsix\\nSEVEN\"";
        FieldChange change = new FieldChange(
                "stickyman", "ai.system_prompt", ChangeKind.CHANGED, before, after, ApplyAction.HOT);

        assertThat(DiffFormat.human(List.of(change))).isEqualTo("""
                stickyman
                  ai.system_prompt  HOT
                        one
                      - two
                      + TWO
                        three
                        ...
                        six
                      - seven
                      + SEVEN
                1 change in 1 bot
                """);
    }

    @Test
    void noChangesSaysSo() {
        assertThat(DiffFormat.human(new ConfigDiff(List.of()))).isEqualTo("no changes\n");
    }

    @Test
    void theJsonHasTheDocumentedShape() throws Exception {
        String json = DiffFormat.json(sample());

        Snapshots.assertMatches(json, "diff-format.json");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("bots_changed").asInt()).isEqualTo(4);
        assertThat(root.get("changes").get(0).get("path").asText()).isEqualTo("ai.system_prompt");
    }

    @Test
    void noSecretAppearsInEitherForm() {
        assertThat(DiffFormat.human(sample()) + DiffFormat.json(sample()))
                .doesNotContain("oauth:", "stickyman-token", "sk-or-v1")
                .contains(Secret.of("oauth:new-stickyman-token").redacted());
    }

    @Test
    void anEmptyJsonDiffStillHasEveryField() {
        assertThat(DiffFormat.json(new ConfigDiff(List.of()))).isEqualTo("""
                {
                  "changes": [],
                  "bots_changed": 0,
                  "summary": "no changes"
                }
                """);
    }
}
