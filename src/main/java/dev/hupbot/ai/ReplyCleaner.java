package dev.hupbot.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a model's answer into one chat line. Models imitate the {@code name: text} lines they
 * are shown, so despite the prompt they may put the bot's name in front, or go on to write lines
 * for other chatters: the name is stripped, and the text stops where another speaker begins.
 */
final class ReplyCleaner {
    /** A line that starts like {@code someone: ...}, i.e. a speaker other than the bot. */
    private static final Pattern SPEAKER = Pattern.compile("^\\s*[@*]*[A-Za-z0-9_]{3,25}[*]*\\s*:(?!//)");

    private ReplyCleaner() {}

    static String clean(String answer, String bot) {
        Pattern ownName = Pattern.compile("^\\s*[@*]*" + Pattern.quote(bot) + "[*]*\\s*:\\s*", Pattern.CASE_INSENSITIVE);
        List<String> kept = new ArrayList<>();
        String[] lines = answer.strip().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String text = stripAll(ownName, lines[i]);
            boolean ownLine = text.length() != lines[i].length();
            // The first line is the answer even if it reads "Tip: ..."; a later "name:" line is another speaker.
            if (i > 0 && !ownLine && SPEAKER.matcher(lines[i]).find()) {
                break;
            }
            kept.add(text);
        }
        String joined = String.join(" ", kept).replaceAll("\\s+", " ").strip();
        if (joined.length() >= 2 && joined.startsWith("\"") && joined.endsWith("\"") && joined.indexOf('"', 1) == joined.length() - 1) {
            joined = joined.substring(1, joined.length() - 1).strip();
        }
        return joined;
    }

    private static String stripAll(Pattern prefix, String line) {
        String text = line;
        for (Matcher m = prefix.matcher(text); m.find(); m = prefix.matcher(text)) {
            text = text.substring(m.end());
        }
        return text;
    }
}
