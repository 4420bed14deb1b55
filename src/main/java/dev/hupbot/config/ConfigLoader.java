package dev.hupbot.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads, parses (tomlj), merges {@code [defaults]}, resolves {@code ${NAME}} against the given
 * environment, and validates a {@code bots.toml}. Never throws for bad input: every problem is
 * in the {@link LoadResult}.
 */
public final class ConfigLoader {
    /** Larger files are refused before parsing. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Reads and loads {@code file}; I/O trouble (missing, directory, too large) is a problem too. */
    public LoadResult load(Path file) {
        throw new UnsupportedOperationException("ConfigLoader.load " + file + " " + env.size());
    }

    /** Loads bytes already read; {@code fileName} is how problems name the file. */
    public LoadResult parse(String fileName, byte[] content) {
        throw new UnsupportedOperationException("ConfigLoader.parse " + fileName + content.length);
    }
}
