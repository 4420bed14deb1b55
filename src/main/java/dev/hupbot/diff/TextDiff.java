package dev.hupbot.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
        return new Chain().unified(oldName, oldText, newName, newText);
    }

    /**
     * Diffs each version of a file against the next, as reloads do, remembering the redaction of
     * the last new text: the next diff's old side is usually that text, and its new side differs
     * in a few lines, so only those are scanned again (redacting a 1,000-bot file costs ~14 ms).
     */
    public static final class Chain {
        private SecretRedactor.@Nullable Redaction last;
        private @Nullable String lastText;

        /** The same text as {@link TextDiff#unified}. */
        public synchronized String unified(String oldName, String oldText, String newName, String newText) {
            SecretRedactor.Redaction previous = last;
            SecretRedactor.Redaction before = previous != null && oldText.equals(lastText)
                    ? previous
                    : SecretRedactor.redact(oldText.lines().toList(), previous);
            SecretRedactor.Redaction after = SecretRedactor.redact(newText.lines().toList(), before);
            last = after;
            lastText = newText;
            return TextDiff.unified(oldName, before.lines(), newName, after.lines());
        }
    }

    /** Myers' diff of the lines between the common beginning and end: its cost grows with lines times differences. */
    private static String unified(String oldName, List<String> before, String newName, List<String> after) {
        int prefix = 0;
        while (prefix < before.size() && prefix < after.size() && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        // Linear-space Myers: the classic one builds a path node per step, and took 3 s to diff a
        // 1,000-bot file against the empty text a start-up diffs against (this one: a few ms).
        Patch<String> middle = DiffUtils.diff(before.subList(prefix, before.size() - suffix),
                after.subList(prefix, after.size() - suffix), MyersDiffWithLinearSpace.<String>factory().create());
        if (middle.getDeltas().isEmpty()) {
            return "";
        }
        Patch<String> patch = new Patch<>();
        for (AbstractDelta<String> delta : joined(middle.getDeltas())) {
            patch.addDelta(delta.withChunks(shifted(delta.getSource(), prefix), shifted(delta.getTarget(), prefix)));
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                "a/" + relative(oldName), "b/" + relative(newName), before, patch, CONTEXT_LINES);
        return String.join("\n", lines) + "\n";
    }

    /**
     * The linear-space algorithm reports a changed line as an insertion and a deletion, the
     * insertion first; as one change, its old lines print before its new ones, as in every diff.
     */
    private static List<AbstractDelta<String>> joined(List<AbstractDelta<String>> deltas) {
        List<AbstractDelta<String>> joined = new ArrayList<>(deltas.size());
        for (AbstractDelta<String> delta : deltas) {
            int last = joined.size() - 1;
            AbstractDelta<String> previous = last < 0 ? null : joined.get(last);
            if (previous != null && touches(previous.getSource(), delta.getSource()) && touches(previous.getTarget(), delta.getTarget())) {
                joined.set(last, new ChangeDelta<>(concat(previous.getSource(), delta.getSource()),
                        concat(previous.getTarget(), delta.getTarget())));
            } else {
                joined.add(delta);
            }
        }
        return joined;
    }

    private static boolean touches(Chunk<String> first, Chunk<String> next) {
        return first.getPosition() + first.size() == next.getPosition();
    }

    private static Chunk<String> concat(Chunk<String> first, Chunk<String> next) {
        List<String> lines = new ArrayList<>(first.getLines());
        lines.addAll(next.getLines());
        return new Chunk<>(first.getPosition(), lines);
    }

    private static Chunk<String> shifted(Chunk<String> chunk, int lines) {
        return new Chunk<>(chunk.getPosition() + lines, chunk.getLines());
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
