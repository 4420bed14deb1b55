package dev.hupbot.ai;

import java.util.Locale;

/**
 * Whether a chat line names a bot: {@code @name} or the bare name as a word, in any case.
 * "A word" means no letter, digit or underscore right before or after, so {@code stickyman's}
 * and {@code hey,stickyman!} name stickyman but {@code stickymanfan} does not.
 */
final class Mentions {
    private Mentions() {}

    static boolean names(String text, String bot) {
        if (bot.isEmpty()) {
            return false;
        }
        String haystack = text.toLowerCase(Locale.ROOT);
        String needle = bot.toLowerCase(Locale.ROOT);
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            int end = at + needle.length();
            if ((at == 0 || !wordChar(haystack.charAt(at - 1))) && (end == haystack.length() || !wordChar(haystack.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
