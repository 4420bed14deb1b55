package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyCleanerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stickyman: nice play!|nice play!",
        "Stickyman : nice play!|nice play!",
        "@stickyman: nice play!|nice play!",
        "**Stickyman**: nice play!|nice play!",
        "stickyman: stickyman: double|double",
        "'\"what a run\"'|what a run",
        "Tip: drink water|Tip: drink water",
        "see https://example.org ok|see https://example.org ok",
        "stickyman said hi|stickyman said hi",
        "  spaced    out  |spaced out",
    })
    void stripsTheBotsOwnNamePrefix(String answer, String expected) {
        assertThat(ReplyCleaner.clean(unquote(answer), "stickyman")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'great run!\\nviewer: thanks!\\nstickyman: np'|great run!",
        "'first line\\nsecond line'|first line second line",
        "'stickyman: hi\\nstickyman: again'|hi again",
    })
    void stopsWhereAnotherSpeakerBegins(String answer, String expected) {
        assertThat(ReplyCleaner.clean(unquote(answer).replace("\\n", "\n"), "stickyman")).isEqualTo(expected);
    }

    private static String unquote(String csv) {
        return csv.startsWith("'") && csv.endsWith("'") ? csv.substring(1, csv.length() - 1) : csv;
    }
}
