package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViolationParserTest {
    @Test
    void readsTheAskedForShape() {
        assertThat(ViolationParser.parse("{\"violations\":[{\"user\":\"Spammer\",\"reason\":\"spam\",\"duration\":60}]}"))
                .containsExactly(new Violation("spammer", "spam", 60));
    }

    @Test
    void toleratesCodeFencesAndChatter() {
        String answer = """
                Here is my verdict:
                ```json
                {"violations": [{"user": "@troll", "reason": "slurs", "duration": "120"},
                                {"user": "bob", "reason": "links", "duration": "30s"}]}
                ```
                """;
        assertThat(ViolationParser.parse(answer)).containsExactly(
                new Violation("troll", "slurs", 120), new Violation("bob", "links", 30));
    }

    @Test
    void readsABareArray() {
        assertThat(ViolationParser.parse("[{\"user\":\"x_1\",\"reason\":\"spam\",\"duration\":5.6}]"))
                .containsExactly(new Violation("x_1", "spam", 6));
    }

    @Test
    void anEmptyVerdictIsNoViolation() {
        assertThat(ViolationParser.parse("{\"violations\":[]}")).isEmpty();
    }

    @Test
    void missingPartsGetDefaultsAndNamelessEntriesAreSkipped() {
        assertThat(ViolationParser.parse("{\"violations\":[{\"user\":\"a\"},{\"reason\":\"who?\"},{\"user\":\"b\",\"duration\":\"soon\"}]}"))
                .containsExactly(new Violation("a", "broke the channel rules", 0),
                        new Violation("b", "broke the channel rules", 0));
    }

    @Test
    void anAnswerWithoutJsonIsAnError() {
        assertThatThrownBy(() -> ViolationParser.parse("Nobody broke the rules."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model's answer holds no JSON: Nobody broke the rules.");
    }

    @Test
    void brokenJsonIsAnError() {
        assertThatThrownBy(() -> ViolationParser.parse("{\"violations\": [ {\"user\": }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model's answer is not valid JSON: {\"violations\": [ {\"user\": }");
    }

    @Test
    void anObjectWithoutTheListIsAnError() {
        assertThatThrownBy(() -> ViolationParser.parse("{\"verdict\":\"fine\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model's answer has no \"violations\" list: {\"verdict\":\"fine\"}");
    }
}
