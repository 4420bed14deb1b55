package dev.hupbot.config;

import java.util.List;
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

    /**
     * The parse a reload does: the file split at its [[bots]] headers, only pieces not seen in the
     * previous call handed to tomlj. Returns what it parsed, so the work is not optimized away.
     */
    public static final class ReloadParse {
        private final BotSplitParser parser = new BotSplitParser();

        public Object parse(String toml) {
            Object pieces = parser.parse(toml);
            if (pieces == null) {
                throw new IllegalStateException("benchmark file does not split at its [[bots]] headers");
            }
            return pieces;
        }
    }

    /** Validates a tree tomlj parsed without errors; returns the config, or null when invalid. */
    public static BotsConfig validate(String fileName, TomlParseResult parsed, Map<String, String> env) {
        ProblemSink sink = new ProblemSink(fileName);
        BotsConfig config = new DocumentReader(sink, new Interpolator(env)).read(List.of(new BotSplitParser.Piece(parsed, 0)));
        if (sink.hasErrors()) {
            throw new IllegalStateException("benchmark file does not validate: " + sink.problems());
        }
        return config;
    }
}
