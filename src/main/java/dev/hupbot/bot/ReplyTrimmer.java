package dev.hupbot.bot;

/**
 * Shortens a chat message to what the chat accepts. Twitch refuses a message over 500
 * characters outright, so a long AI answer or a command whose {@code {args}} made it long would
 * otherwise vanish; every transport trims with this before sending.
 */
public final class ReplyTrimmer {
    /** Twitch's limit on one chat message. */
    public static final int TWITCH_MAX = 500;

    private ReplyTrimmer() {}

    /**
     * The longest run of whole words of {@code text} that fits in {@code max} UTF-16 chars, with
     * trailing whitespace removed; {@code text} itself when it already fits.
     *
     * <p>UTF-16 units are counted, not code points: a text that fits by this count fits
     * however the chat counts. When the word that crosses the limit is longer than {@code max} on
     * its own, cutting before it would drop text without making anything fit better, so the text
     * is cut inside that word instead, never between the two halves of a surrogate pair.
     *
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public static String trim(String text, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 or more, got " + max);
        }
        if (text.length() <= max) {
            return text;
        }
        int wordStart = max;
        while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        int wordEnd = max;
        while (wordEnd < text.length() && !Character.isWhitespace(text.charAt(wordEnd))) {
            wordEnd++;
        }
        int cut;
        if (wordEnd == max) {
            cut = max; // the limit falls right after a word
        } else if (wordEnd - wordStart > max) {
            cut = hardCut(text, max);
        } else {
            cut = wordStart;
        }
        return stripTrailingWhitespace(text, cut);
    }

    private static int hardCut(String text, int max) {
        boolean splitsPair = max > 0
                && Character.isHighSurrogate(text.charAt(max - 1))
                && Character.isLowSurrogate(text.charAt(max));
        return splitsPair ? max - 1 : max;
    }

    private static String stripTrailingWhitespace(String text, int end) {
        int e = end;
        while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return text.substring(0, e);
    }
}
