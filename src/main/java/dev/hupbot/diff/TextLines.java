package dev.hupbot.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The changed lines of a multi-line text value, for the table of {@link DiffFormat}: a prompt
 * that gained a sentence should read as that sentence, not as two walls of escaped text.
 */
final class TextLines {
    /** Unchanged lines shown around each change. */
    static final int CONTEXT = 1;

    private TextLines() {}

    /**
     * {@code "- "}, {@code "+ "} and {@code "  "} (context) lines, with {@code "  ..."} where lines
     * are left out; an empty (mutable) list when either value is not a quoted string or neither
     * spans lines, so the caller shows the values whole.
     */
    static List<String> changed(@Nullable String oldValue, @Nullable String newValue) {
        List<String> before = lines(oldValue);
        List<String> after = lines(newValue);
        if (before == null || after == null || (before.size() < 2 && after.size() < 2)) {
            return new ArrayList<>();
        }
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> out = new ArrayList<>();
        int shownUpTo = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int start = delta.getSource().getPosition();
            int from = Math.max(shownUpTo, start - CONTEXT);
            if (from > shownUpTo) {
                out.add("  ...");
            }
            for (int i = from; i < start; i++) {
                out.add("  " + before.get(i));
            }
            delta.getSource().getLines().forEach(line -> out.add("- " + line));
            delta.getTarget().getLines().forEach(line -> out.add("+ " + line));
            int end = start + delta.getSource().size();
            int contextEnd = Math.min(before.size(), end + CONTEXT);
            for (int i = end; i < contextEnd; i++) {
                out.add("  " + before.get(i));
            }
            shownUpTo = contextEnd;
        }
        if (shownUpTo < before.size()) {
            out.add("  ...");
        }
        return out;
    }

    /** The lines of a quoted display string; none for an absent value; null when not a string. */
    private static @Nullable List<String> lines(@Nullable String value) {
        if (value == null) {
            return List.of();
        }
        String text = Values.unquote(value);
        return text == null ? null : text.lines().toList();
    }
}
