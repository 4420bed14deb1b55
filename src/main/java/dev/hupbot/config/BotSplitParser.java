package dev.hupbot.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Parses a file as its pieces: the text before the first {@code [[bots]]} header, then each
 * {@code [[bots]]} block up to the next one, every piece on its own and remembered by its text.
 * A reload usually changes one bot; its block is the only text tomlj sees again. tomlj lexes at
 * about 1 MB/s, which made parsing most of a reload's time (a 1,000-bot file: ~500 ms of ~560).
 *
 * <p>The pieces stand for the whole file only when each is valid TOML on its own, the first
 * defines no {@code bots}, and every other defines nothing but its {@code [[bots]]} entries. A
 * header line inside a multi-line string leaves the piece before it with an unterminated string,
 * so such a file never passes; nor does a [defaults] written after the bots. For anything that
 * does not pass, {@link #parse} returns null and the caller parses the file whole, so errors and
 * their positions are always tomlj's own for the whole file.
 */
final class BotSplitParser {
    private static final Pattern HEADER = Pattern.compile("[ \\t]*\\[\\[[ \\t]*bots[ \\t]*]].*", Pattern.DOTALL);
    private static final Set<String> ONLY_BOTS = Set.of("bots");

    /** A parsed piece and the number of lines before it in the file. */
    record Piece(TomlTable table, int lineOffset) {}

    /** The pieces of the last file that split cleanly; only they are kept, so memory stays one file's. */
    private volatile Map<String, TomlParseResult> remembered = Map.of();
    /** How many pieces the last call handed to tomlj; for tests. */
    private volatile int lastParsed;

    /** The file's pieces, or null when it must be parsed whole (see the class comment). */
    @Nullable List<Piece> parse(String toml) {
        List<int[]> bounds = split(toml);
        if (bounds.size() < 2) {
            return null; // no [[bots]] header at a line start: nothing to gain
        }
        Map<String, TomlParseResult> known = remembered;
        Map<String, TomlParseResult> seen = new HashMap<>(bounds.size() * 2);
        List<Piece> pieces = new ArrayList<>(bounds.size());
        int parsedNow = 0;
        for (int i = 0; i < bounds.size(); i++) {
            int[] b = bounds.get(i);
            String text = toml.substring(b[0], b[1]);
            TomlParseResult parsed = known.get(text);
            if (parsed == null) {
                parsed = seen.get(text);
            }
            if (parsed == null) {
                // Only new text is checked: a remembered piece passed when it was new. The kinds cannot
                // mix up: a block starts with its header line, the text before the first one never does.
                parsed = Toml.parse(text);
                parsedNow++;
                if (parsed.hasErrors() || !(i == 0 ? !parsed.contains("bots") : onlyBots(parsed))) {
                    lastParsed = parsedNow;
                    return null;
                }
            }
            seen.put(text, parsed);
            pieces.add(new Piece(parsed, b[2]));
        }
        remembered = seen;
        lastParsed = parsedNow;
        return pieces;
    }

    int lastParsed() {
        return lastParsed;
    }

    private static boolean onlyBots(TomlTable piece) {
        if (!piece.keySet().equals(ONLY_BOTS) || !(piece.get("bots") instanceof TomlArray bots) || bots.isEmpty()) {
            return false;
        }
        for (int i = 0; i < bots.size(); i++) {
            if (!(bots.get(i) instanceof TomlTable)) {
                return false;
            }
        }
        return true;
    }

    /** {start, end, lines before start} of the prelude and of each block that starts at a header line. */
    private static List<int[]> split(String toml) {
        List<int[]> bounds = new ArrayList<>();
        int start = 0;
        int startLine = 0;
        int line = 0;
        int at = 0;
        int length = toml.length();
        while (at < length) {
            int end = toml.indexOf('\n', at);
            int next = end < 0 ? length : end + 1;
            if (startsHeader(toml, at, end < 0 ? length : end)) {
                bounds.add(new int[] {start, at, startLine});
                start = at;
                startLine = line;
            }
            line++;
            at = next;
        }
        bounds.add(new int[] {start, length, startLine});
        return bounds;
    }

    private static boolean startsHeader(String toml, int from, int to) {
        int i = from;
        while (i < to && (toml.charAt(i) == ' ' || toml.charAt(i) == '\t')) {
            i++;
        }
        return toml.startsWith("[[", i) && HEADER.matcher(toml).region(from, to).matches();
    }
}
