package dev.hupbot.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of one load, so validation goes on after the first one and the user
 * fixes the file in one pass.
 */
final class ProblemSink {
    /**
     * Shorter secret values are not scrubbed from messages: replacing a three-letter value would
     * mangle ordinary words, and real tokens and keys are far longer.
     */
    private static final int SCRUB_MIN_LENGTH = 6;

    /** File order; whole-file problems (line 0) read best after the located ones. */
    private static final Comparator<Problem> FILE_ORDER = Comparator
            .comparing((Problem p) -> p.line() == 0)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column);

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> secrets = new HashSet<>();

    ProblemSink(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Pos pos, String path, String message) {
        problems.add(Problem.error(file, pos.line(), pos.column(), path, message));
    }

    void warning(Pos pos, String path, String message) {
        problems.add(Problem.warning(file, pos.line(), pos.column(), path, message));
    }

    /** Remembers a sensitive value so that no message can carry it, whatever built the message. */
    void secret(String value) {
        if (value.length() >= SCRUB_MIN_LENGTH) {
            secrets.add(value);
        }
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** The problems in file order, with any sensitive value that slipped into a message replaced. */
    List<Problem> problems() {
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            String message = p.message();
            String path = p.path();
            for (String secret : secrets) {
                message = message.replace(secret, "***");
                path = path.replace(secret, "***");
            }
            out.add(new Problem(p.severity(), p.file(), p.line(), p.column(), path, message));
        }
        out.sort(FILE_ORDER);
        return out;
    }
}
