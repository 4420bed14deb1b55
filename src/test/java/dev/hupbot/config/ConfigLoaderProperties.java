package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ConfigLoaderProperties {
    private final ConfigLoader loader = new ConfigLoader(Loading.ENV);

    @Property(tries = 300)
    void anyBytesGiveAResultNeverAnException(@ForAll @Size(max = 400) byte[] content) {
        LoadResult result = loader.parse("bots.toml", content);
        assertThat(result.valid() || !result.errors().isEmpty()).isTrue();
    }

    @Property(tries = 300)
    void anyMixOfKnownLinesGivesAResultWithPositionsInsideTheFile(@ForAll("tomlish") String text) {
        LoadResult result = loader.parse("bots.toml", text.getBytes(StandardCharsets.UTF_8));
        long lines = text.lines().count() + 1;
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.line()).isBetween(0, (int) lines));
        assertThat(result.valid()).isEqualTo(result.errors().isEmpty());
    }

    /** For every key of every table, the camelCase spelling leads back to the key. */
    @Property(tries = 50)
    void camelCaseOfEveryKeySuggestsTheKey(@ForAll("sectionsAndKeys") Map.Entry<KeyCatalogue.Section, String> entry) {
        String key = entry.getValue();
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        assertThat(KeyCatalogue.suggestion(camel.toString(), entry.getKey(), "bots")).contains("'" + key + "'");
    }

    @Provide
    Arbitrary<Map.Entry<KeyCatalogue.Section, String>> sectionsAndKeys() {
        List<Map.Entry<KeyCatalogue.Section, String>> all = new ArrayList<>();
        for (KeyCatalogue.Section section : List.of(KeyCatalogue.BOT, KeyCatalogue.AI, KeyCatalogue.COMMAND,
                KeyCatalogue.TIMER, KeyCatalogue.MODERATION)) {
            for (String key : section.names()) {
                all.add(Map.entry(section, key));
            }
        }
        return Arbitraries.of(all);
    }

    @Provide
    Arbitrary<String> tomlish() {
        Arbitrary<String> line = Arbitraries.of(
                "[[bots]]", "name = \"stickyman\"", "name = \"warden\"", "token = \"${TWITCH_TOKEN_STICKYMAN}\"",
                "token = \"${NOPE}\"", "channels = [\"mychannel\"]", "enabled = false", "role = \"moderator\"",
                "[bots.ai]", "temperature = 3", "[defaults]", "[defaults.ai]", "[bots.moderation]", "rules = []",
                "[bots.commands.hello]", "response = \"hi\"", "aliases = [\"hi\"]", "[[bots.timers]]",
                "message = \"m\"", "interval_seconds = 0", "x = ", "systemPrompt = \"p\"", "\"quoted.key\" = 1",
                "[bots.commands.\"a.b\"]", "ai.model = \"m\"", "");
        return line.list().ofMaxSize(25).map(lines -> String.join("\n", lines) + "\n");
    }
}
