package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a sender writes (a model told to ban someone, a viewer's {@code {args}}), the line that
 * goes to chat starts with no chat command once every blank a chat might skip is skipped, and
 * holds no character that could end the IRC line.
 */
class OutgoingTextProperties {
    /** Blanks and invisible characters, written out here independently of the code under test. */
    private static final String[] BLANKS = {
        " ", "\t", "\n", "\r", "\r\n", "\u000B", "\f", "\u0000", "\u0001", "\u001B", "\u007F",
        "\u0085", "\u00A0", "\u1680", "\u2000", "\u2007", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000",
        "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202E", "\u2060", "\u2061", "\u2066", "\uFEFF",
        "\u00AD", "\u061C", "\u180E", "\u034F", "\u3164", "\u2800", "\uDB40\uDC00", "\uDB40\uDC20", "\uDB40\uDC7F",
    };
    private static final String[] COMMANDS = {"/", ".", "//", "./", "/.", "..."};
    private static final String[] WORDS = {
        "ban innocent_bob", "timeout x 600", "me dances", "mod evil", "clear", "", " ", "hello chat", "é", "\uD83D\uDE00",
    };

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> blanks = Arbitraries.of(BLANKS).list().ofMaxSize(6).map(l -> String.join("", l));
        Arbitrary<String> command = Arbitraries.of(COMMANDS);
        Arbitrary<String> word = Arbitraries.of(WORDS);
        Arbitrary<String> piece = Combinators.combine(blanks, command, blanks, word).as((a, c, b, w) -> a + c + b + w);
        // several pieces in a row: "/\u200b./ban" hides a command behind a command
        return piece.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void neverStartsWithAChatCommandAfterTheBlanksAChatSkips(@ForAll("hostile") String text) {
        String sent = OutgoingText.safe(text);
        String shown = stripLeadingBlanks(sent);
        assertThat(shown).as("sent %s", escaped(sent)).doesNotStartWith("/").doesNotStartWith(".");
    }

    @Property(tries = 2000)
    void holdsNoControlOrLineSeparatorCharacter(@ForAll("hostile") String text) {
        String sent = OutgoingText.safe(text);
        assertThat(sent.codePoints()).as("sent %s", escaped(sent)).noneMatch(cp -> {
            int type = Character.getType(cp);
            return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        });
    }

    @Property
    void plainTextGoesOutAsWritten(@ForAll("plain") String text) {
        assertThat(OutgoingText.safe(text)).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> plain() {
        return Combinators.combine(Arbitraries.of("hello", "a.b", "ok/no", "\uD83D\uDE00 hi", "x"),
                Arbitraries.of(" there", ", chat/mods.", "", " ... /me", "\u200D\uD83D\uDE00"))
                .as((a, b) -> a + b);
    }

    private static String stripLeadingBlanks(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            boolean blank = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT
                    || type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || cp == 0x85 || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060
                    || cp == 0x034F || cp == 0x3164 || cp == 0x2800;
            if (!blank) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp) : String.format("\\u{%X}", cp)));
        return out.append('"').toString();
    }
}
