package dev.hupbot.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What loading a file gave: the config when there was no error, and every problem found
 * (errors and warnings, in file order). {@code text} is the file exactly as read, for the audit.
 */
public record LoadResult(@Nullable BotsConfig config, List<Problem> problems, String text) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return config != null && errors().isEmpty();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
