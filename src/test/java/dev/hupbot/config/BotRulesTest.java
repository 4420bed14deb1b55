package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static dev.hupbot.config.Loading.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotRulesTest {
    private static final String WARDEN = """
            [[bots]]
            name = "warden"
            token = "${TWITCH_TOKEN_WARDEN}"
            channels = ["mychannel"]
            """;

    @Test
    void duplicateNamesPointAtTheSecondAndNameTheFirstLine() {
        assertThat(problems(STICKYMAN + WARDEN + STICKYMAN)).containsExactly(
                "bots.toml:10:1: error: bots[stickyman]: duplicate bot name 'stickyman' (first defined at line 2); bot names must be unique");
    }

    @Test
    void aFileWithNoEnabledBotIsRefused() {
        assertThat(problems(STICKYMAN + "enabled = false\n" + WARDEN + "enabled = false\n")).containsExactly(
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — set enabled = true on at least one bot");
    }

    @Test
    void defaultsCanDisableEveryBot() {
        assertThat(problems("[defaults]\nenabled = false\n" + STICKYMAN)).containsExactly(
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — set enabled = true on at least one bot");
        assertThat(problems("[defaults]\nenabled = false\n" + STICKYMAN + "enabled = true\n")).isEmpty();
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThat(problems("")).containsExactly(
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — add a [[bots]] table with name and token");
        assertThat(problems("# only a comment\n[defaults]\nchannels = [\"mychannel\"]\n")).containsExactly(
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — add a [[bots]] table with name and token");
    }

    @Test
    void anInvalidEnabledValueDoesNotAlsoClaimNoBotIsEnabled() {
        assertThat(problems(STICKYMAN + "enabled = 1\n")).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].enabled: expected true or false, got integer 1; write true or false without quotes");
    }

    @Test
    void aMissingVariableNamesTheBotTheKeyAndTheVariable() {
        assertThat(problems(STICKYMAN, Map.of())).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: environment variable TWITCH_TOKEN_STICKYMAN is not set;"
                        + " export it or add it to the .env file");
    }

    @Test
    void everyMissingVariableInOneStringIsReported() {
        assertThat(problems(STICKYMAN + "intro_message = \"${GREETING} from ${PLACE}\"\n")).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: environment variable GREETING is not set;"
                        + " export it or add it to the .env file",
                "bots.toml:5:1: error: bots[stickyman].intro_message: environment variable PLACE is not set;"
                        + " export it or add it to the .env file");
    }

    @Test
    void aMissingVariableInDefaultsIsReportedOnceAtTheDefaults() {
        assertThat(problems("[defaults.ai]\napi_key = \"${NO_SUCH_KEY}\"\n" + STICKYMAN + WARDEN)).containsExactly(
                "bots.toml:2:1: error: defaults.ai.api_key: environment variable NO_SUCH_KEY is not set;"
                        + " export it or add it to the .env file");
    }

    @Test
    void aMalformedReferenceIsAnError() {
        assertThat(problems(STICKYMAN + "intro_message = \"hi ${oops\"\n")).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: malformed variable reference;"
                        + " write ${NAME} (letters, digits and _), or $${ for a literal ${");
        assertThat(problems(STICKYMAN + "intro_message = \"hi ${my-var}\"\n")).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: malformed variable reference;"
                        + " write ${NAME} (letters, digits and _), or $${ for a literal ${");
    }

    @Test
    void anEmptyTokenIsAnErrorWhetherLiteralOrFromAVariable() {
        assertThat(problems(STICKYMAN.replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"\""))).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: empty token; set token = \"${TWITCH_TOKEN_STICKYMAN}\""
                        + " and put the bot's OAuth token in that variable");
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("TWITCH_TOKEN_STICKYMAN", "");
        assertThat(problems(STICKYMAN, env)).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: empty token: TWITCH_TOKEN_STICKYMAN is set but empty;"
                        + " put the bot's OAuth token in TWITCH_TOKEN_STICKYMAN");
    }

    @Test
    void aTokenWithWhitespaceIsAnErrorThatDoesNotEchoIt() {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("TWITCH_TOKEN_STICKYMAN", "abcdef123456\n");
        assertThat(problems(STICKYMAN, env)).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: contains whitespace (a stray space or line break?); remove it");
    }

    @Test
    void aBotWithoutATokenIsValidSinceItsTokenMayComeFromTheStore() {
        // hupbot auth login NAME puts the token in the data directory; a bot with none anywhere is
        // reported when it starts (StoreTokens), where the store is read
        assertThat(problems(STICKYMAN.replace("token = \"${TWITCH_TOKEN_STICKYMAN}\"\n", ""))).isEmpty();
    }

    @Test
    void wrongTypedTokenIsNotEchoed() {
        assertThat(problems(STICKYMAN.replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "123456789"))).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: expected a string, got an integer (hidden); put the value in double quotes");
    }

    @Test
    void literalCredentialsAreWarningsThatKeepTheFileValid() {
        LoadResult result = Loading.load("""
                [defaults.ai]
                api_key = "sk-or-v1-literal-0000"
                [[bots]]
                name = "stickyman"
                token = "oauth:literal0123456789"
                refresh_token = "refresh-literal-0123"
                channels = ["mychannel"]
                """);
        assertThat(result.problems().stream().map(Problem::format)).containsExactly(
                "bots.toml:2:1: warning: defaults.ai.api_key: literal API key in the file; move it to an environment variable:"
                        + " api_key = \"${OPENROUTER_API_KEY}\"",
                "bots.toml:5:1: warning: bots[stickyman].token: literal token in the file; move it to an environment variable:"
                        + " token = \"${TWITCH_TOKEN_STICKYMAN}\"",
                "bots.toml:6:1: warning: bots[stickyman].refresh_token: literal refresh token in the file;"
                        + " move it to an environment variable: refresh_token = \"${TWITCH_REFRESH_TOKEN_STICKYMAN}\"");
        assertThat(result.valid()).isTrue();
        assertThat(result.config().bots().get(0).token().reveal()).isEqualTo("oauth:literal0123456789");
    }

    @Test
    void theSuggestedVariableUsesTheNameEvenWhenItIsMisCased() {
        assertThat(problems(STICKYMAN.replace("\"stickyman\"", "\"StickyMan\"").replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"tok\"")))
                .containsExactly(
                        "bots.toml:2:1: error: bots[0].name: \"StickyMan\" is not a valid Twitch login; use lower case: name = \"stickyman\"",
                        "bots.toml:3:1: warning: bots[0].token: literal token in the file; move it to an environment variable:"
                                + " token = \"${TWITCH_TOKEN_STICKYMAN}\"");
    }

    @Test
    void aChatterWithoutChannelsGetsAWarning() {
        assertThat(problems(STICKYMAN.replace("channels = [\"mychannel\"]\n", ""))).containsExactly(
                "bots.toml:1:1: warning: bots[stickyman]: joins no channel; add channels = [\"yourchannel\"] here or in [defaults]");
    }

    @Test
    void problemsComeInFileOrderWithWholeFileProblemsLast() {
        assertThat(problems("""
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                enabled = false
                channels = ["mychannel"]
                [bots.ai]
                temperature = 3.0
                [defaults]
                reply_chance = 2.0
                """)).containsExactly(
                "bots.toml:7:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got 3.0; set a value in that range",
                "bots.toml:9:1: error: defaults.reply_chance: expected a number between 0.0 and 1.0, got 2.0; set a value in that range",
                "bots.toml:1:1: error: no enabled bot; refusing to stop every bot — set enabled = true on at least one bot");
    }
}
