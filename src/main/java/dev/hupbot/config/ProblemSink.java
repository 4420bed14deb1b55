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

    /** File order. */
    private static final Comparator<Problem> FILE_ORDER = Comparator
            .comparingInt(Problem::line)
            .thenComparingInt(Problem::column);

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    /** Problems of the whole file (shown at 1:1): they read best after the located ones. */
    private final Set<Problem> wholeFile = new HashSet<>();
    private final Set<String> secrets = new HashSet<>();

    ProblemSink(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Pos pos, String path, String message) {
        add(pos, Problem.error(file, pos.line(), pos.column(), path, message));
    }

    void warning(Pos pos, String path, String message) {
        add(pos, Problem.warning(file, pos.line(), pos.column(), path, message));
    }

    private void add(Pos pos, Problem problem) {
        problems.add(problem);
        if (pos == Pos.FILE) { // identity: a problem really at 1:1 is a located one
            wholeFile.add(problem);
        }
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
        List<Problem> located = new ArrayList<>(problems);
        located.removeAll(wholeFile);
        located.sort(FILE_ORDER);
        List<Problem> ordered = new ArrayList<>(located);
        problems.stream().filter(wholeFile::contains).forEach(ordered::add);
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : ordered) {
            String message = p.message();
            String path = p.path();
            for (String secret : secrets) {
                message = message.replace(secret, "***");
                path = path.replace(secret, "***");
            }
            out.add(new Problem(p.severity(), p.file(), p.line(), p.column(), path, message));
        }
        return out;
    }
}
