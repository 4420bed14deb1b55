package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutgoingTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "/ban innocent_bob          | ban innocent_bob",
        ".timeout x 600             | timeout x 600",
        "/me waves                  | me waves",
        "'\u00A0/ban bob'           | ban bob",
        "'\u0085.ban bob'           | ban bob",
        "'\u200B/ban bob'           | ban bob",
        "'\uFEFF\u2060 ./ban bob'   | ban bob",
        "'/\u200B.ban bob'          | ban bob",
        "...well, maybe             | well, maybe",
        "'line one\r\nline two'     | line one line two",
        "'a\n/ban bob'              | a /ban bob",
        "hello {user}!              | hello {user}!",
        "'/'                        | ''",
        "'  . / '                   | ''",
    })
    void aLineIsPostedWithoutAChatCommandInFrontAndOnOneLine(String text, String sent) {
        assertThat(OutgoingText.safe(text)).isEqualTo(sent);
    }

    @Test
    void controlAndSeparatorCharactersInsideBecomeOneSpace() {
        assertThat(OutgoingText.safe("a\u2028b\u0000c\u0001\u001B[31md\u2029\u0085e")).isEqualTo("a b c [31md e");
    }
}
