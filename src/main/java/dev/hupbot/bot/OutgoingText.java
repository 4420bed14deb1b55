package dev.hupbot.bot;

/**
 * The guard every chat line the bots send passes through, whoever wrote it (a command's
 * response, a model's answer, a timer, an intro): {@link Bot} applies it at the one place where
 * text is handed to the chat connection, so no sender can bypass it.
 *
 * <p>Twitch runs a line that starts with {@code /} or {@code .} as a chat command, with the bot
 * account's rights: {@code /ban innocent_bob} from an obedient model, posted by the moderator
 * account, would ban. Chat servers and clients skip leading blanks, and a blank is not only
 * U+0020: NO-BREAK SPACE, NEXT LINE, ZERO WIDTH SPACE or a BOM in front of {@code /ban} must not
 * hide it. So:
 * <ol>
 *   <li>control and line-separator characters anywhere become a space (a raw CR/LF would end the
 *       IRC line and start another command);
 *   <li>the leading run of invisible characters (see {@link #invisible}) is removed;
 *   <li>a leading {@code /} or {@code .} is removed, with the invisible characters after it, as
 *       long as the text still starts with one: {@code /ban bob} is posted as {@code ban bob},
 *       {@code ...well} as {@code well}. Dropping reads better in chat than an escape character
 *       would, and a text made of nothing else is not sent at all.
 * </ol>
 * A configured response that is itself a chat command ({@code /me waves}) is therefore posted as
 * plain text ({@code me waves}): no sender is trusted to run chat commands.
 */
public final class OutgoingText {
    private static final int NEXT_LINE = 0x0085;
    private static final int HANGUL_CHOSEONG_FILLER = 0x115F;
    private static final int HANGUL_JUNGSEONG_FILLER = 0x1160;
    private static final int COMBINING_GRAPHEME_JOINER = 0x034F;
    private static final int HANGUL_FILLER = 0x3164;
    private static final int HALFWIDTH_HANGUL_FILLER = 0xFFA0;
    private static final int BRAILLE_BLANK = 0x2800;

    private OutgoingText() {}

    /** {@code text} made safe to post; "" when nothing sendable is left. */
    public static String safe(String text) {
        String line = oneLine(text);
        int start = skipInvisible(line, 0);
        while (start < line.length() && isCommandChar(line.charAt(start))) {
            start = skipInvisible(line, start + 1);
        }
        return line.substring(start).stripTrailing();
    }

    /** True for {@code /} and {@code .}, the characters that make a chat line a command. */
    public static boolean isCommandChar(int c) {
        return c == '/' || c == '.';
    }

    /**
     * Characters that show nothing, so a chat may skip them before looking for a command: Unicode
     * white space and space separators, controls, format characters (U+200B..U+200D, U+2060,
     * U+FEFF, bidi marks, tags), unassigned and lone surrogate code points, the combining
     * grapheme joiner, and the blanks chat users know (Hangul fillers, the Braille blank).
     */
    public static boolean invisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> cp == NEXT_LINE || cp == COMBINING_GRAPHEME_JOINER || cp == HANGUL_CHOSEONG_FILLER
                    || cp == HANGUL_JUNGSEONG_FILLER || cp == HANGUL_FILLER || cp == HALFWIDTH_HANGUL_FILLER
                    || cp == BRAILLE_BLANK;
        };
    }

    /** True for characters that must never be inside a chat line: controls and line/paragraph separators. */
    public static boolean breaksLine(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || cp == NEXT_LINE;
    }

    private static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (breaksLine(cp)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                // CR LF and other runs become one space, not two
                if (out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    private static int skipInvisible(String text, int from) {
        int i = from;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!invisible(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}
