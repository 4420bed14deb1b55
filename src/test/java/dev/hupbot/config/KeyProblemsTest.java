package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static dev.hupbot.config.Loading.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyProblemsTest {
    @Test
    void camelCaseKeysSuggestTheirSnakeCaseSpelling() {
        assertThat(problems(STICKYMAN + """
                introMessage = "hi"
                [bots.ai]
                systemPrompt = "You are Stickyman."
                maxTokens = 100
                fallbackModels = ["x/y"]
                """)).containsExactly(
                "bots.toml:5:1: error: bots[stickyman]: unknown key 'introMessage'; did you mean 'intro_message'?",
                "bots.toml:7:1: error: bots[stickyman].ai: unknown key 'systemPrompt'; did you mean 'system_prompt'?",
                "bots.toml:8:1: error: bots[stickyman].ai: unknown key 'maxTokens'; did you mean 'max_tokens'?",
                "bots.toml:9:1: error: bots[stickyman].ai: unknown key 'fallbackModels'; did you mean 'fallback_models'?");
    }

    @Test
    void typosAndDashesSuggestTheClosestKey() {
        assertThat(problems(STICKYMAN + """
                reply-chance = 0.1
                [bots.ai]
                temprature = 0.9
                """)).containsExactly(
                "bots.toml:5:1: error: bots[stickyman]: unknown key 'reply-chance'; did you mean 'reply_chance'?",
                "bots.toml:7:1: error: bots[stickyman].ai: unknown key 'temprature'; did you mean 'temperature'?");
    }

    @Test
    void aKeyThatBelongsInANestedTableSaysWhere() {
        assertThat(problems(STICKYMAN + """
                temperature = 0.9
                """)).containsExactly(
                "bots.toml:5:1: error: bots[stickyman]: unknown key 'temperature'; did you mean 'ai.temperature' (in [bots.ai])?");
    }

    @Test
    void aKeyWithNothingCloseListsTheKnownKeys() {
        assertThat(problems(STICKYMAN + """
                [[bots.timers]]
                message = "Follow!"
                interval_seconds = 900
                colour = "red"
                """)).containsExactly(
                "bots.toml:8:1: error: bots[stickyman].timers[0]: unknown key 'colour';"
                        + " known keys: message, interval_seconds, min_chat_lines");
    }

    @Test
    void unknownKeysInDefaultsAreReportedOnceAtTheirOwnPosition() {
        assertThat(problems("""
                [defaults.ai]
                systemPrompt = "shared"
                """ + STICKYMAN + """
                [[bots]]
                name = "warden"
                token = "${TWITCH_TOKEN_WARDEN}"
                channels = ["mychannel"]
                """)).containsExactly(
                "bots.toml:2:1: error: defaults.ai: unknown key 'systemPrompt'; did you mean 'system_prompt'?");
    }

    @Test
    void nameCannotBeADefault() {
        assertThat(problems("""
                [defaults]
                name = "stickyman"
                """ + STICKYMAN)).containsExactly(
                "bots.toml:2:1: error: defaults: a bot's name cannot be a default: every bot needs its own; set name in each [[bots]]");
    }

    @Test
    void unknownTopLevelTablesAndKeys() {
        assertThat(problems(STICKYMAN + """
                [settings]
                debug = true
                [bot]
                x = 1
                [[defaultz]]
                y = 2
                """)).containsExactly(
                "bots.toml:5:1: error: unknown table [settings]; the file holds only [defaults] and [[bots]] tables",
                "bots.toml:7:1: error: unknown table [bot]; did you mean [[bots]]?",
                "bots.toml:9:1: error: unknown table [[defaultz]]; did you mean [defaults]?");
    }

    @Test
    void botKeysBeforeAnyBotTableSayWhereTheyBelong() {
        assertThat(problems("""
                name = "stickyman"
                verbose = true
                """ + STICKYMAN)).containsExactly(
                "bots.toml:1:1: error: 'name' is outside any table; move it below a [[bots]] header, or into [defaults]",
                "bots.toml:2:1: error: unknown key 'verbose'; the file holds only [defaults] and [[bots]] tables");
    }

    @Test
    void singleBracketBotsTableExplainsDoubleBrackets() {
        assertThat(problems("""
                [bots]
                name = "stickyman"
                """)).containsExactly(
                "bots.toml:1:1: error: bots: expected [[bots]] (an array of tables), got a table; write [[bots]] with double brackets",
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — add a [[bots]] table with name and token");
    }

    @Test
    void singleBracketTimersTableExplainsDoubleBrackets() {
        assertThat(problems(STICKYMAN + """
                [bots.timers]
                message = "Follow!"
                """)).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].timers: expected [[bots.timers]] (an array of tables), got a table;"
                        + " write [[bots.timers]] with double brackets");
    }

    @Test
    void aNestedTableWrittenAsAValueIsATypeError() {
        assertThat(problems(STICKYMAN + """
                ai = "deepseek"
                commands = 3
                """)).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].ai: expected a table ([bots.ai]), got string \"deepseek\"",
                "bots.toml:6:1: error: bots[stickyman].commands: expected tables like [bots.commands.NAME], got integer 3");
    }
}
