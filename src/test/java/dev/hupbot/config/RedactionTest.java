package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No problem text may carry a secret: not a token, not an API key, not a value from a secret-named variable. */
class RedactionTest {
    private static final String SECRET = "s3cr3t-V4lue-Xy";

    private static List<String> problems(String toml, String variable, String value) {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put(variable, value);
        return Loading.problems(toml, env);
    }

    @Test
    void aBadTokenIsDescribedWithoutItsValue() {
        List<String> problems = problems(STICKYMAN, "TWITCH_TOKEN_STICKYMAN", SECRET + " ");
        assertThat(problems).containsExactly(
                "bots.toml:3:1: error: bots[stickyman].token: contains whitespace (a stray space or line break?); remove it");
    }

    @Test
    void aBadApiKeyIsDescribedWithoutItsValue() {
        List<String> problems = problems(STICKYMAN + "[bots.ai]\napi_key = \"${OPENROUTER_API_KEY}\"\n",
                "OPENROUTER_API_KEY", "sk-or " + SECRET);
        assertThat(problems).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.api_key: contains whitespace (a stray space or line break?); remove it");
    }

    @Test
    void valuesFromSecretVariablesOutsideSecretFieldsAreRefusedNotShown() {
        List<String> problems = problems(STICKYMAN.replace("[\"mychannel\"]", "[\"${CHANNEL_SECRET}\"]")
                + "role = \"${ROLE_SECRET}\"\n", "CHANNEL_SECRET", "Bad " + SECRET);
        assertThat(problems).contains("bots.toml:4:13: error: bots[stickyman].channels: ${CHANNEL_SECRET}"
                + InterpolationTest.MISPLACED.formatted("SECRET"));
        assertThat(String.join("\n", problems)).doesNotContain(SECRET);
    }

    @Test
    void aNameFromASecretVariableIsRefusedWithoutEchoingIt() {
        List<String> problems = problems(STICKYMAN.replace("\"stickyman\"", "\"${NAME_SECRET}\""), "NAME_SECRET", "StickyMan");
        assertThat(problems).containsExactly("bots.toml:2:1: error: bots[0].name: ${NAME_SECRET}"
                + InterpolationTest.MISPLACED.formatted("SECRET"));
    }

    @Test
    void aTokenThatLeaksIntoAnotherValueIsScrubbedFromMessages() {
        // The token's value also appears, by accident, in a role that is reported as unknown.
        String token = "tok-leaky-0123456789";
        List<String> problems = problems(STICKYMAN + "role = \"" + token + "\"\n", "TWITCH_TOKEN_STICKYMAN", token);
        assertThat(problems).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].role: unknown role \"***\"; use \"chatter\" or \"moderator\"");
    }

    @Test
    void secretsInTheConfigPrintRedacted() {
        BotConfig bot = Loading.onlyBot(STICKYMAN);
        assertThat(bot.toString()).doesNotContain(Loading.TOKEN_VALUE).contains(bot.token().redacted());
    }
}
