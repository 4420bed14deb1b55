package dev.hupbot.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the known word a mistyped one was meant to be: camelCase, case, dashes or a typo. */
final class Spelling {
    private Spelling() {}

    /** {@code systemPrompt} → {@code system_prompt}, {@code APIKey} → {@code api_key}, {@code max-tokens} → {@code max_tokens}. */
    static String snakeCase(String word) {
        String split = word.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return split.replace('-', '_').replace(' ', '_').toLowerCase(Locale.ROOT);
    }

    /**
     * The closest of {@code known}: an exact match once case, camelCase and dashes are
     * normalised, else the nearest by edit distance when it is close enough to be a typo.
     */
    static Optional<String> closest(String word, Collection<String> known) {
        String normal = snakeCase(word);
        for (String candidate : known) {
            if (candidate.equals(normal)) {
                return Optional.of(candidate);
            }
        }
        @Nullable String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(normal, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Two edits catch most typos; short words need a stricter limit or everything matches.
        int limit = Math.min(2, Math.max(1, normal.length() / 3));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
            }
        }
        return d[a.length()][b.length()];
    }
}
