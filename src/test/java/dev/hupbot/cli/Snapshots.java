package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected command output kept in src/test/resources/snapshots. Run the tests with
 * {@code -Dhupbot.updateSnapshots=true} to rewrite them after an intended change, then review
 * the diff before committing.
 */
final class Snapshots {
    private static final Path SOURCE = Path.of("src", "test", "resources", "snapshots");

    private Snapshots() {}

    static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("hupbot.updateSnapshots")) {
            try {
                Files.createDirectories(SOURCE);
                Files.writeString(SOURCE.resolve(name), actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("snapshot %s (rerun with -Dhupbot.updateSnapshots=true to update)", name)
                .isEqualTo(expected(name));
    }

    private static String expected(String name) {
        try (InputStream in = Snapshots.class.getResourceAsStream("/snapshots/" + name)) {
            if (in == null) {
                throw new AssertionError("no snapshot " + name + " yet: run with -Dhupbot.updateSnapshots=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
