package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ReplyTrimmerProperties {

    @Provide
    Arbitrary<String> texts() {
        // short and long words, runs of mixed whitespace, and code points outside the BMP
        return Arbitraries.of("a", "bc", "word", "x".repeat(12), " ", "  ", "\t", "\n", "\uD83D\uDE00", "é", "\u4E2D")
                .list()
                .ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    @Property
    void neverLongerThanMax(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        assertThat(ReplyTrimmer.trim(text, max).length()).isLessThanOrEqualTo(max);
    }

    @Property
    void isAPrefixOfTheText(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        assertThat(text).startsWith(ReplyTrimmer.trim(text, max));
    }

    @Property
    void unchangedWhenItFits(@ForAll("texts") String text) {
        assertThat(ReplyTrimmer.trim(text, text.length())).isEqualTo(text);
    }

    @Property
    void neverEndsInHalfASurrogatePairOrInWhitespaceAfterACut(
            @ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        String trimmed = ReplyTrimmer.trim(text, max);
        if (trimmed.length() < text.length() && !trimmed.isEmpty()) {
            char last = trimmed.charAt(trimmed.length() - 1);
            assertThat(Character.isHighSurrogate(last)).as("ends in a high surrogate").isFalse();
            assertThat(Character.isWhitespace(last)).as("ends in whitespace").isFalse();
        }
    }

    /** A cut inside a word happens only when that word alone is longer than max, and then as late as it can. */
    @Property
    void cutsInsideAWordOnlyWhenTheWordCannotFit(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        String trimmed = ReplyTrimmer.trim(text, max);
        int cut = trimmed.length();
        if (cut == text.length() || !insideWord(text, cut)) {
            return;
        }
        int start = cut;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        assertThat(wordEnd(text, cut) - start).as("length of the word cut in two").isGreaterThan(max);
        assertThat(cut).isGreaterThanOrEqualTo(max - 1);
    }

    /** A cut between words keeps every word that fits: the next one would not have. */
    @Property
    void cutBetweenWordsKeepsAllWordsThatFit(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        String trimmed = ReplyTrimmer.trim(text, max);
        int cut = trimmed.length();
        if (cut == text.length() || insideWord(text, cut)) {
            return;
        }
        int next = cut;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        assertThat(wordEnd(text, next)).as("end of the first word left out").isGreaterThan(max);
    }

    private static boolean insideWord(String text, int position) {
        boolean before = position == 0 || !Character.isWhitespace(text.charAt(position - 1));
        return before && !Character.isWhitespace(text.charAt(position));
    }

    private static int wordEnd(String text, int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end;
    }
}
