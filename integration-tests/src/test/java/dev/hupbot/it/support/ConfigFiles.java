package dev.hupbot.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a bots file the way editors save: a temporary file renamed over it. */
public final class ConfigFiles {
    private ConfigFiles() {}

    /** A reload reading {@code config} meanwhile sees the old or the new text, never half a file. */
    public static void save(Path config, String text) {
        Path temp = config.resolveSibling(config.getFileName() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + config, e);
        }
    }
}
