package dev.hupbot.audit;

import java.util.List;

/**
 * The one-line summary of a reload ({@code 3 changes in 2 bots}, or the first problem of a
 * rejected file). Stored with the row so the CLI, the H2 console and the log say the same thing.
 */
public final class Summaries {
    /** The summary column holds at most this many characters. */
    static final int MAX_LENGTH = 1000;

    static final String IN_PROGRESS = "in progress";
    static final String INTERRUPTED = "interrupted: the process stopped before this reload finished";

    private Summaries() {}

    /** {@code 3 changes in 2 bots}, {@code 1 change in 1 bot}, {@code no changes}. */
    public static String changes(int changes, int bots) {
        if (changes == 0) {
            return "no changes";
        }
        return changes + (changes == 1 ? " change" : " changes") + " in " + bots + (bots == 1 ? " bot" : " bots");
    }

    static String of(Outcome outcome, int changes, int bots, int failed, List<String> problems) {
        String text = switch (outcome) {
            case IN_PROGRESS -> IN_PROGRESS;
            case INTERRUPTED -> INTERRUPTED;
            case UNCHANGED -> "no changes";
            case APPLIED -> changes(changes, bots);
            case PARTIAL -> changes(changes, bots) + ", " + failed + " failed";
            case REJECTED -> problems.isEmpty() ? "rejected" : firstProblem(problems);
        };
        return fit(text);
    }

    private static String firstProblem(List<String> problems) {
        String first = problems.get(0);
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }

    /** One line, short enough for the column: the full problems are in the row anyway. */
    private static String fit(String text) {
        String line = text.replaceAll("\\R", " ");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
