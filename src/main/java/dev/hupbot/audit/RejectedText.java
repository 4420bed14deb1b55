package dev.hupbot.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text kept for a REJECTED reload, with secret-looking values blanked. A rejected file is
 * kept to show why it failed, not to be run again, and it is often not a bots file at all (a
 * {@code .env} saved over {@code bots.toml} by mistake is a list of tokens). An assignment whose
 * key names a secret ({@code token}, {@code api_key}, any name with TOKEN, KEY, SECRET or
 * PASSWORD, in any case; TOML or env syntax) keeps its key and gets {@code "***"} for its value,
 * unless the value is a {@code ${NAME}} reference; {@code oauth:...} and {@code sk-...} tokens
 * are blanked wherever they stand. Lines and their number stay, so a problem's line still points
 * at the right one. Applied versions are stored byte for byte (DESIGN: {@code history export}
 * restores them); a literal token there is the operator's own, and {@code check} warns about it.
 */
public final class RejectedText {
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)(\\b[A-Za-z0-9_.-]*(?:token|key|secret|password)[A-Za-z0-9_.-]*[\"']?\\s*[=:]\\s*)"
                    + "(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,}#]+)");
    private static final Pattern REFERENCE = Pattern.compile("[\"']?\\$\\{[A-Za-z_][A-Za-z0-9_]*}[\"']?");
    private static final Pattern LOOSE_TOKEN = Pattern.compile("\\b(oauth:|sk-)[A-Za-z0-9_\\-]{8,}");
    static final String BLANK = "\"***\"";

    private RejectedText() {}

    public static String redact(String text) {
        Matcher m = SECRET_ASSIGNMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String value = m.group(2);
            String replacement = REFERENCE.matcher(value).matches() ? m.group() : m.group(1) + BLANK;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return LOOSE_TOKEN.matcher(out).replaceAll("$1***");
    }
}
