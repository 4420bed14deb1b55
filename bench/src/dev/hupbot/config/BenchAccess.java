package dev.hupbot.config;

import java.util.Map;
import org.tomlj.TomlParseResult;

/**
 * The validation step of {@link ConfigLoader#parse} on its own, for the benchmark that splits a
 * reload into its stages: turning a parsed TOML tree into a checked {@link BotsConfig}
 * (defaults merged, variables resolved, every rule checked). Same package, so nothing in the
 * loader has to be opened up for it.
 */
public final class BenchAccess {
    private BenchAccess() {}

    /** Validates a tree tomlj parsed without errors; returns the config, or null when invalid. */
    public static BotsConfig validate(String fileName, TomlParseResult parsed, Map<String, String> env) {
        ProblemSink sink = new ProblemSink(fileName);
        BotsConfig config = new DocumentReader(sink, new Interpolator(env)).read(parsed);
        if (sink.hasErrors()) {
            throw new IllegalStateException("benchmark file does not validate: " + sink.problems());
        }
        return config;
    }
}
