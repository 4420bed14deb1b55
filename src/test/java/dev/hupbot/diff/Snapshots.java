package dev.hupbot.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected outputs kept in {@code src/test/resources/snapshots/}, compared exactly. After a
 * deliberate change of output, run the test with {@code -Dsnapshots.update=true} to rewrite
 * them (from the project directory, where Maven runs tests), then review the change with git.
 */
public final class Snapshots {
    private Snapshots() {}

    public static String read(String name) {
        try (InputStream in = Snapshots.class.getResourceAsStream("/snapshots/" + name)) {
            assertThat(in).as("snapshot src/test/resources/snapshots/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertMatches(String actual, String name) {
        if (Boolean.getBoolean("snapshots.update")) {
            try {
                Files.writeString(Path.of("src/test/resources/snapshots", name), actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("output compared with snapshots/%s", name).isEqualTo(read(name));
    }
}
