package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped config/bots.toml must load cleanly with the variables config/.env.example lists. */
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("config", "bots.toml");
    private static final Path ENV_EXAMPLE = Path.of("config", ".env.example");

    /** Read the way hupbot reads config/.env: the example must parse cleanly, as a copy of it will. */
    static Map<String, String> envExample() throws IOException {
        EnvFile.Parsed parsed = EnvFile.parse(ENV_EXAMPLE.toString(), Files.readString(ENV_EXAMPLE));
        assertThat(parsed.problems()).isEmpty();
        return new LinkedHashMap<>(parsed.values());
    }

    /** The env example's variables as a user fills them in: real values in place of the placeholders. */
    static Map<String, String> filledIn() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        envExample().forEach((name, value) -> env.put(name, value.replace("replace-me", "0123456789abcdef")
                .replace("replace-with-", "filled-in-")));
        return env;
    }

    @Test
    void theExampleIsValidWithNoWarnings() throws IOException {
        LoadResult result = new ConfigLoader(filledIn()).parse(EXAMPLE.toString(), Files.readAllBytes(EXAMPLE));
        assertThat(result.problems()).isEmpty();
        BotsConfig config = result.config();
        assertThat(config).isNotNull();
        assertThat(config.bots()).extracting(BotConfig::name)
                .containsExactly("stickyman", "professor_pebble", "sleepy_llama", "chat_warden");
        assertThat(config.bots()).extracting(BotConfig::role)
                .containsExactly(Role.CHATTER, Role.CHATTER, Role.CHATTER, Role.MODERATOR);
        assertThat(config.bots()).allSatisfy(bot -> {
            assertThat(bot.channels()).containsExactly("mychannel");
            assertThat(bot.ai().systemPrompt()).isNotBlank();
            assertThat(bot.ai().usable()).isTrue();
            assertThat(bot.commands()).containsKey("lurk");
        });
        assertThat(config.bots()).extracting(bot -> bot.ai().temperature()).doesNotHaveDuplicates();
        BotConfig stickyman = config.bot("stickyman").orElseThrow();
        assertThat(stickyman.commands().get("hello").aliases()).contains("hi");
        assertThat(stickyman.timers()).hasSize(1);
        assertThat(config.bot("chat_warden").orElseThrow().moderation()).isNotNull();
    }

    /** A copied .env left as it is: valid (the shell chat needs no real key), one warning per placeholder value. */
    @Test
    void theEnvExamplesPlaceholdersAreOneWarningEachAndTheKeyIsNotUsed() throws IOException {
        LoadResult result = new ConfigLoader(envExample()).parse(EXAMPLE.toString(), Files.readAllBytes(EXAMPLE));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(p -> p.format()).containsExactly(
                "config/bots.toml:23:1: warning: defaults.ai.api_key: OPENROUTER_API_KEY is still the example's"
                        + " placeholder; set your real API key in the env file",
                "config/bots.toml:43:1: warning: bots[stickyman].token: TWITCH_TOKEN_STICKYMAN is still the example's"
                        + " placeholder; set your real token in the env file",
                "config/bots.toml:71:1: warning: bots[professor_pebble].token: TWITCH_TOKEN_PROFESSOR_PEBBLE is still the"
                        + " example's placeholder; set your real token in the env file",
                "config/bots.toml:84:1: warning: bots[sleepy_llama].token: TWITCH_TOKEN_SLEEPY_LLAMA is still the"
                        + " example's placeholder; set your real token in the env file",
                "config/bots.toml:99:1: warning: bots[chat_warden].token: TWITCH_TOKEN_CHAT_WARDEN is still the"
                        + " example's placeholder; set your real token in the env file");
        BotsConfig config = result.config();
        assertThat(config).isNotNull();
        assertThat(config.bots()).allSatisfy(bot -> {
            assertThat(bot.ai().placeholderKey()).isTrue();
            assertThat(bot.ai().usable()).as("a placeholder key is never sent").isFalse();
        });
    }

    @Test
    void aLiteralPlaceholderInTheFileIsOneWarningToo() {
        String text = """
                [[bots]]
                name = "stickyman"
                token = "replace-with-stickyman-oauth-token"
                channels = ["mychannel"]
                """;
        LoadResult result = new ConfigLoader(Map.of()).parse("bots.toml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(result.warnings()).extracting(p -> p.format()).containsExactly(
                "bots.toml:3:1: warning: bots[stickyman].token: literal token in the file; move it to an environment"
                        + " variable: token = \"${TWITCH_TOKEN_STICKYMAN}\"",
                "bots.toml:3:1: warning: bots[stickyman].token: the value is still the example's placeholder;"
                        + " set your real token in the env file and refer to it as ${NAME}");
    }

    @Test
    void theEnvExampleListsExactlyTheVariablesTheExampleUses() throws IOException {
        Set<String> referenced = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
        for (String line : Files.readAllLines(EXAMPLE)) {
            if (line.strip().startsWith("#")) {
                continue; // the header comment explains ${NAME} itself
            }
            Matcher m = reference.matcher(line);
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        assertThat(new TreeSet<>(envExample().keySet())).isEqualTo(referenced);
    }
}
