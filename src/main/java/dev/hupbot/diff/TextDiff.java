package dev.hupbot.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * The unified text diff of two versions of a config file ({@code --- a/…}, {@code +++ b/…}, 3
 * lines of context), as the audit stores it and {@code history show} prints it. Secret literals
 * are redacted on both sides first (see {@link #redact}), so the diff never holds one, and a
 * token that changed shows as a changed fingerprint.
 */
public final class TextDiff {
    public static final int CONTEXT_LINES = 3;

    private TextDiff() {}

    /**
     * The diff, each line ending in a newline; empty when the redacted texts are the same. Names
     * are shown after {@code a/} and {@code b/}.
     */
    public static String unified(String oldName, String oldText, String newName, String newText) {
        List<String> before = SecretRedactor.redact(oldText.lines().toList());
        List<String> after = SecretRedactor.redact(newText.lines().toList());
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                "a/" + relative(oldName), "b/" + relative(newName), before, patch, CONTEXT_LINES);
        return String.join("\n", lines) + "\n";
    }

    /**
     * The file text with every secret literal replaced by {@code "***"} + fingerprint; {@code
     * ${NAME}} references stay as written. Line for line: line numbers still match the file.
     */
    public static String redact(String text) {
        List<String> lines = SecretRedactor.redact(text.lines().toList());
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static String relative(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '/') {
            start++;
        }
        return name.substring(start);
    }
}
