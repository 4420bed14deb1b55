package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The loader parses only the [[bots]] blocks that changed since the last file; this must never
 * be visible. Every generated file, valid or not, loads to the same config and the very same
 * problems (text, line, column) as a loader that parses each file whole. One loader serves every
 * try, so most pieces come from what it remembers of earlier files.
 */
class SplitParseProperties {
    private static final int BOTS = 4;
    private static final Map<String, String> ENV = BigConfig.env(BOTS);

    /** Lines that a splitter at [[bots]] headers could get wrong, inserted anywhere. */
    private static final List<String> TRICKY = List.of(
            "[[bots]]", "  [[bots]]  # indented, commented", "[[ bots ]]", "[[bots]]x", "[bots]", "bots = 1",
            "[defaults]", "[defaults.ai]", "[bots.ai]", "[[bots.timers]]", "\"\"\"", "'''", "x = \"\"\"",
            "system_prompt = '''", "name = \"bot_0001\"", "channels = [", "]", "[[bots]] name = \"x\"",
            "enabled = false", "[other]", "[[bots]]\r", "reply_chance = 2.0", "temperature = \"hot\"");

    private final ConfigLoader split = new ConfigLoader(ENV);
    private final ConfigLoader whole = new ConfigLoader(ENV, false);

    @Property(tries = 3000)
    void splitParsingLoadsExactlyWhatAWholeParseLoads(@ForAll("files") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LoadResult expected = whole.parse("bots.toml", bytes);
        LoadResult actual = split.parse("bots.toml", bytes);
        Statistics.collect(expected.valid() ? "valid" : "invalid");
        assertThat(format(actual)).isEqualTo(format(expected));
        assertThat(actual.config()).isEqualTo(expected.config());
        assertThat(actual.text()).isEqualTo(expected.text());
    }

    private static List<String> format(LoadResult result) {
        return result.problems().stream().map(Problem::format).toList();
    }

    /** BigConfig's file with a few line edits, sometimes with CRLF line ends. */
    @Provide
    Arbitrary<String> files() {
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(TRICKY))
                .as(Edit::new);
        return Combinators.combine(edit.list().ofMinSize(0).ofMaxSize(3), Arbitraries.of(false, false, false, true))
                .as((edits, crlf) -> {
                    List<String> lines = new ArrayList<>(BigConfig.toml(BOTS).lines().toList());
                    for (Edit e : edits) {
                        e.applyTo(lines);
                    }
                    String text = String.join("\n", lines) + "\n";
                    return crlf ? text.replace("\n", "\r\n") : text;
                });
    }

    /** 0 inserts {@code line}, 1 deletes a line, 2 duplicates one, 3 changes a value of one. */
    record Edit(int kind, int where, String line) {
        void applyTo(List<String> lines) {
            int at = where % (lines.size() + 1);
            switch (kind) {
                case 0 -> lines.add(at, line);
                case 1 -> lines.remove(Math.min(at, lines.size() - 1));
                case 2 -> lines.add(at, lines.get(Math.min(at, lines.size() - 1)));
                default -> {
                    int i = Math.min(at, lines.size() - 1);
                    lines.set(i, lines.get(i).replace("0.", "0.5").replace("Hello", "Howdy").replace("60", "61"));
                }
            }
        }
    }
}
