package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class ChatTextProperties {

    @Property
    void fitsInOneTwitchMessage(@ForAll @StringLength(max = 1200) String text) {
        String line = ChatText.forChat(text);

        assertThat(line.length()).isLessThanOrEqualTo(ChatText.MAX_LENGTH);
        assertThat(line).doesNotContain("\r", "\n");
    }

    @Property
    void shortTextIsSentAsWritten(@ForAll @StringLength(max = 500) @Chars({'a', 'b', ' ', '!', 'é'}) String text) {
        assertThat(ChatText.forChat(text)).isEqualTo(text);
    }

    @Property
    void longTextIsCutAfterTheLastWordThatFits(@ForAll @StringLength(min = 501, max = 1500) @Chars({'a', 'b', ' '}) String text) {
        String line = ChatText.forChat(text);
        int max = ChatText.MAX_LENGTH;

        assertThat(text).startsWith(line);
        if (endOfAWordWithin(text, max)) {
            assertThat(line).isNotBlank().doesNotEndWith(" ");
            assertThat(text.charAt(line.length())).as("the character after the cut").isEqualTo(' ');
            assertThat(text.substring(line.length(), max + 1).stripLeading())
                    .as("what was cut off up to the limit: part of one word, no whole one").doesNotContain(" ");
        } else {
            assertThat(line).isEqualTo(text.substring(0, max));
        }
    }

    /** A word ends at or before {@code max}: a space at index 1..max with something other than spaces before it. */
    private static boolean endOfAWordWithin(String text, int max) {
        for (int i = 1; i <= max; i++) {
            if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
                return true;
            }
        }
        return false;
    }

    @Example
    void cutsAfterTheLastWholeWordThatFits() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            text.append(String.format("word%03d ", i)); // 8 characters each: 62 words fit in 500
        }
        String line = ChatText.forChat(text.toString());

        assertThat(line).hasSize(62 * 8 - 1).endsWith("word062");
    }

    @Example
    void cutsAWordLongerThanAMessageAtTheLimit() {
        assertThat(ChatText.forChat("x".repeat(700))).isEqualTo("x".repeat(500));
    }

    @Example
    void keepsASurrogatePairWholeWhenCuttingMidWord() {
        String text = "a".repeat(499) + "\uD83D\uDE00" + "b".repeat(10); // an emoji straddles the limit

        assertThat(ChatText.forChat(text)).isEqualTo("a".repeat(499));
    }

    @Example
    void lineBreaksBecomeSpacesSoNothingRidesAlongAsAnIrcCommand() {
        assertThat(ChatText.forChat("hi\r\nPRIVMSG #other :spam\nbye")).isEqualTo("hi PRIVMSG #other :spam bye");
    }
}
