package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static dev.hupbot.config.Loading.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NestingScannerTest {
    private static final String TOO_DEEP = "error: arrays and inline tables nested more than 64 levels deep (a bots.toml"
            + " needs 3 at most); close the brackets opened before this one, or flatten the value";

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void twoThousandLevelsAreAPositionedProblemNotAStackOverflow() {
        // The 4 KB file of the report: 2,000 levels under one key.
        assertThat(problems(STICKYMAN + "extra = " + arrays(2000) + "\n"))
                .containsExactly("bots.toml:5:" + (9 + 64) + ": " + TOO_DEEP);
        assertThat(problems(STICKYMAN + "extra = " + "{a = ".repeat(2000) + "1" + "}".repeat(2000) + "\n"))
                .containsExactly("bots.toml:5:" + (9 + 64 * 5) + ": " + TOO_DEEP);
        // Never closed, the deep case tomlj overflowed on as well.
        assertThat(problems(STICKYMAN + "extra = " + "[".repeat(5000) + "\n"))
                .containsExactly("bots.toml:5:" + (9 + 64) + ": " + TOO_DEEP);
    }

    @Test
    void sixtyFourLevelsAreTomljsBusinessSixtyFiveAreNot() {
        assertThat(NestingScanner.tooDeep("a = " + arrays(64) + "\n")).isNull();
        assertThat(NestingScanner.tooDeep("a = " + arrays(65) + "\n")).isEqualTo(new Pos(1, 5 + 64));
        // Unknown key, not depth: the validator reports it as for any value.
        assertThat(problems(STICKYMAN + "extra = " + arrays(64) + "\n")).noneMatch(p -> p.contains("levels deep"));
    }

    @Test
    void bracketsInStringsAndCommentsDoNotCount() {
        String deep = "[".repeat(100);
        assertThat(NestingScanner.tooDeep("a = \"" + deep + "\"\nb = 'x" + deep + "'\n# " + deep + "\nc = 1 # " + deep + "\n")).isNull();
        assertThat(NestingScanner.tooDeep("a = \"\"\"\n" + deep + "\n\"\"\"\nb = '''\n" + deep + "\n'''\n")).isNull();
        assertThat(NestingScanner.tooDeep("a = [\"" + deep + "\", '" + deep + "', \"\"\"" + deep + "\"\"\"]\n")).isNull();
        // An escaped quote does not end a basic string; a backslash is plain text in a literal one.
        assertThat(NestingScanner.tooDeep("a = \"\\\"" + deep + "\"\nb = 'c:\\'\nc = 1\n")).isNull();
        // Up to two quotes before the closing three belong to a multi-line string.
        assertThat(NestingScanner.tooDeep("a = \"\"\"x\"\"\"\"\"\nb = \"" + deep + "\"\n")).isNull();
        // A quoted key and a table header.
        assertThat(NestingScanner.tooDeep("[\"" + deep + "\"]\n[[bots]]\n\"" + deep + "\" = 1\n")).isNull();
    }

    @Test
    void aStringEndsWhereTomljEndsItSoBracketsAfterThatCount() {
        String deep = "[".repeat(100);
        // A basic string ends at the line break: the next line's brackets are a value again.
        assertThat(NestingScanner.tooDeep("a = \"open\nb = " + deep + "\n")).isEqualTo(new Pos(2, 5 + 64));
        // A control character ends a string in tomlj: inside an array what follows is values.
        assertThat(NestingScanner.tooDeep("a = [\"\u0001" + deep + "\"]\n")).isEqualTo(new Pos(1, 8 + 63));
        // A comment ends at a control character too.
        assertThat(NestingScanner.tooDeep("a = [ # x\u0001" + deep + "\n")).isEqualTo(new Pos(1, 11 + 63));
        // Three quotes where a key goes are an empty key and a one-line string, not a multi-line string.
        assertThat(NestingScanner.tooDeep("\"\"\"\nb = " + deep + "\n")).isEqualTo(new Pos(2, 5 + 64));
        // A quote after a value opens nothing.
        assertThat(NestingScanner.tooDeep("a = 1979-05-27\" = " + deep + "\n")).isNotNull();
    }

    @Test
    void bracketsOverManyLinesAndManyValuesAddUpOnlyWhileOpen() {
        StringBuilder flat = new StringBuilder("a = [\n");
        for (int i = 0; i < 1000; i++) {
            flat.append("  [[1], {x = [2]}],  # item ").append(i).append('\n');
        }
        flat.append("]\n");
        assertThat(NestingScanner.tooDeep(flat.toString())).isNull();
        StringBuilder stairs = new StringBuilder("a = ");
        for (int i = 0; i < 70; i++) {
            stairs.append("[\n");
        }
        assertThat(NestingScanner.tooDeep(stairs.toString())).isEqualTo(new Pos(65, 1));
    }

    @Test
    void theColumnCountsCharactersAsAnEditorShowsThem() {
        assertThat(NestingScanner.tooDeep("\"é😀\" = " + arrays(65) + "\n")).isEqualTo(new Pos(1, 8 + 64));
    }

    @Test
    void theExampleFileStaysWellWithinTheLimit() throws Exception {
        String example = java.nio.file.Files.readString(java.nio.file.Path.of("config/bots.toml"));
        assertThat(NestingScanner.tooDeep(example)).isNull();
    }
}
