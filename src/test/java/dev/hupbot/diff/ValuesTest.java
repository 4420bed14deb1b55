package dev.hupbot.diff;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Property(tries = 300)
    void unquoteReadsBackWhatQuoteWrote(@ForAll String text) {
        assertThat(Values.unquote(Values.quote(text))).isEqualTo(text);
    }

    @Property(tries = 1000)
    void numbersReadBackAsTheSameDoubleAndAreNoLongerThanJavasOwnText(@ForAll double value) {
        String text = Values.number(value);

        assertThat(Double.parseDouble(text)).isEqualTo(value);
        assertThat(text.length()).isLessThanOrEqualTo(Double.toString(value).length());
        assertThat(text).containsAnyOf(".", "Infinity", "NaN");
    }

    @Test
    void quoteEscapesLikeATomlBasicString() {
        assertThat(Values.quote("say \"hi\"\\\n\t\u0001")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\u0001\"");
    }

    @Test
    void unquoteRefusesWhatIsNotAQuotedString() {
        assertThat(Values.unquote("***3f2a9c01")).isNull();
        assertThat(Values.unquote("[\"a\", \"b\"]")).isNull();
        assertThat(Values.unquote("\"a\" \"b\"")).isNull();
        assertThat(Values.unquote("\"\\u00\"")).isNull();
        assertThat(Values.unquote("\"\\uzzzz\"")).isNull();
        assertThat(Values.unquote("\"trailing\\\"")).isNull();
    }

    @Test
    void setsPrintSortedWithoutDuplicatesAndListsInOrder() {
        assertThat(Values.set(java.util.List.of("b", "a", "b"))).isEqualTo("[\"a\", \"b\"]");
        assertThat(Values.list(java.util.List.of("b", "a"))).isEqualTo("[\"b\", \"a\"]");
        assertThat(Values.list(java.util.List.of())).isEqualTo("[]");
    }
}
