package dev.hupbot.chat.twitch;

/** Makes outgoing text something Twitch will take as one chat line. */
final class ChatText {
    /** Twitch refuses longer messages, and twitch4j drops them whole; counted in UTF-16 units as both do. */
    static final int MAX_LENGTH = 500;

    private ChatText() {}

    /**
     * One line of at most {@link #MAX_LENGTH} characters: line breaks become spaces (a raw CR/LF
     * would end the IRC command and let the rest through as a command of its own), and a longer
     * text is cut at the last word boundary that fits, or mid-word if one word is longer than that.
     */
    static String forChat(String text) {
        return fit(text.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' '), MAX_LENGTH);
    }

    static String fit(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = Character.isWhitespace(text.charAt(max)) ? max : lastWhitespaceBefore(text, max);
        String head = cut > 0 ? text.substring(0, cut).stripTrailing() : "";
        if (head.isEmpty()) {
            int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // keep pairs whole
            head = text.substring(0, end);
        }
        return head;
    }

    private static int lastWhitespaceBefore(String text, int end) {
        for (int i = end - 1; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
