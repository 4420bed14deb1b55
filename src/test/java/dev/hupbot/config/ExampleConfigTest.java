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

    @Test
    void theExampleIsValidWithNoWarnings() throws IOException {
        LoadResult result = new ConfigLoader(envExample()).parse(EXAMPLE.toString(), Files.readAllBytes(EXAMPLE));
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
