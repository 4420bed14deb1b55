package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.diff.FieldPaths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final Interpolator interpolator = new Interpolator(Map.of("A", "1", "B_NAME", "two", "EMPTY", ""));

    @Test
    void referencesResolveAnywhereInAString() {
        assertThat(interpolator.resolve("x${A}y${B_NAME}z")).isEqualTo(
                new Interpolator.Resolution("x1ytwoz", List.of("A", "B_NAME"), List.of(), false));
        assertThat(interpolator.resolve("${EMPTY}").value()).isEmpty();
        assertThat(interpolator.resolve("no references $ {A} $A").value()).isEqualTo("no references $ {A} $A");
    }

    @Test
    void doubleDollarWritesALiteralReference() {
        assertThat(interpolator.resolve("costs $${A} not ${A}").value()).isEqualTo("costs ${A} not 1");
        assertThat(interpolator.resolve("$${A}").variables()).isEmpty();
    }

    @Test
    void missingAndMalformedReferencesAreReported() {
        assertThat(interpolator.resolve("${A}${NOPE}").missing()).containsExactly("NOPE");
        assertThat(interpolator.resolve("${A").malformed()).isTrue();
        assertThat(interpolator.resolve("${1A}").malformed()).isTrue();
        assertThat(interpolator.resolve("${}").malformed()).isTrue();
    }

    @Test
    void credentialLikeNamesAreSensitive() {
        assertThat(List.of("TWITCH_TOKEN_X", "OPENROUTER_API_KEY", "MY_SECRET", "DB_PASSWORD", "api_key"))
                .allMatch(Interpolator::sensitiveName);
        assertThat(List.of("GREETING", "CHANNEL", "TWITCH_TOKE")).noneMatch(Interpolator::sensitiveName);
    }

    @Test
    void theLoaderUsesOnlyTheMapItWasGiven() {
        String processVariable = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
        List<String> problems = Loading.problems(STICKYMAN + "intro_message = \"${" + processVariable + "}\"\n");
        assertThat(problems).containsExactly("bots.toml:5:1: error: bots[stickyman].intro_message: environment variable "
                + processVariable + " is not set; export it or add it to the .env file");
    }

    @Test
    void resolvedValuesReachTheConfig() {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("GREETING", "hey chat");
        env.put("MAIN_CHANNEL", "#mychannel");
        LoadResult result = Loading.load(STICKYMAN.replace("[\"mychannel\"]", "[\"${MAIN_CHANNEL}\"]")
                + "intro_message = \"${GREETING}, I'm back\"\n", env);
        BotConfig bot = result.config().bots().get(0);
        assertThat(bot.token().reveal()).isEqualTo(Loading.TOKEN_VALUE);
        assertThat(bot.introMessage()).isEqualTo("hey chat, I'm back");
        assertThat(bot.channels()).containsExactly("mychannel");
        assertThat(bot.sensitivePaths()).containsExactly(FieldPaths.TOKEN);
    }

    /** The message an operator sees; pinned because it is API. */
    static final String MISPLACED = " is named like a secret (it contains %s) and may only be used in token, refresh_token"
            + " or api_key, not in a field that reaches chat, a log or a URL; move the secret into api_key/token, or rename"
            + " the variable if it is not a secret";

    @Test
    void theMisplacedSecretMessageNamesTheVariableAndTheWord() {
        assertThat(Interpolator.misplacedSecret("TWITCH_TOKEN_X")).isEqualTo("${TWITCH_TOKEN_X}" + MISPLACED.formatted("TOKEN"));
        assertThat(Interpolator.misplacedSecret("db_password")).isEqualTo("${db_password}" + MISPLACED.formatted("PASSWORD"));
    }

    @Test
    void secretNamedVariablesOutsideSecretFieldsAreErrorsWhereverTheyAre() {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("INTRO_SECRET", "the secret intro");
        env.put("PROMPT_PASSWORD", "You are a secret agent.");
        env.put("HELLO_KEY", "Hello, key holder!");
        env.put("TIMER_TOKEN", "a timer message");
        env.put("SECRET_MODEL", "secret/model");
        env.put("GREETING", "just a greeting");
        LoadResult result = Loading.load(STICKYMAN + """
                intro_message = "pw=${INTRO_SECRET} home=${GREETING}"
                [bots.ai]
                api_key = "${OPENROUTER_API_KEY}"
                system_prompt = "${PROMPT_PASSWORD}"
                fallback_models = ["plain/model", "${SECRET_MODEL}"]
                [bots.commands.hello]
                response = "${HELLO_KEY}"
                [bots.commands.bye]
                response = "${GREETING}"
                [[bots.timers]]
                message = "${TIMER_TOKEN}"
                interval_seconds = 600
                """, env);
        assertThat(result.config()).isNull();
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: ${INTRO_SECRET}" + MISPLACED.formatted("SECRET"),
                "bots.toml:8:1: error: bots[stickyman].ai.system_prompt: ${PROMPT_PASSWORD}" + MISPLACED.formatted("PASSWORD"),
                "bots.toml:9:35: error: bots[stickyman].ai.fallback_models: ${SECRET_MODEL}" + MISPLACED.formatted("SECRET"),
                "bots.toml:11:1: error: bots[stickyman].commands.hello.response: ${HELLO_KEY}" + MISPLACED.formatted("KEY"),
                "bots.toml:15:1: error: bots[stickyman].timers[0].message: ${TIMER_TOKEN}" + MISPLACED.formatted("TOKEN"));
        assertThat(String.join("\n", result.problems().stream().map(Problem::format).toList()))
                .doesNotContain("the secret intro", "secret agent", "key holder", "a timer message", "secret/model");
    }

    @Test
    void aSecretNamedVariableIsRefusedEvenWhenUnsetAndPlainOnesStillWork() {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("HUPBOT_H2_CONSOLE_PASSWORD", "console-pw-123456");
        env.put("HOME", "/home/me");
        LoadResult result = Loading.load(STICKYMAN
                + "intro_message = \"pw=${HUPBOT_H2_CONSOLE_PASSWORD} tok=${TWITCH_TOKEN_X} home=${HOME}\"\n", env);
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: ${HUPBOT_H2_CONSOLE_PASSWORD}" + MISPLACED.formatted("PASSWORD"),
                "bots.toml:5:1: error: bots[stickyman].intro_message: ${TWITCH_TOKEN_X}" + MISPLACED.formatted("TOKEN"));
    }

    @Test
    void aSecretNamedVariableInDefaultsIsAnErrorToo() {
        Map<String, String> env = new HashMap<>(Loading.ENV);
        env.put("PROMPT_SECRET", "You are a secret agent.");
        LoadResult result = Loading.load("[defaults.ai]\nsystem_prompt = \"${PROMPT_SECRET}\"\n" + STICKYMAN, env);
        assertThat(result.config()).isNull();
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "bots.toml:2:1: error: defaults.ai.system_prompt: ${PROMPT_SECRET}" + MISPLACED.formatted("SECRET"));
    }

    @Test
    void aLiteralTokenIsNotMarkedSensitiveButStaysASecret() {
        BotConfig bot = Loading.load(STICKYMAN.replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"literal-token-value\""))
                .config().bots().get(0);
        assertThat(bot.sensitivePaths()).isEmpty();
        assertThat(bot.token().toString()).startsWith("***").doesNotContain("literal");
    }
}
