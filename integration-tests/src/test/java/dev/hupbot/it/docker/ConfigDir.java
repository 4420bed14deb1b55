package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The host directory mounted read-only at /config. Files are saved as editors save them (a temp
 * file beside the directory, renamed over bots.toml), readable by the container's non-root user.
 * It remembers what it last wrote, so a test can show that nothing else wrote here.
 */
final class ConfigDir {
    /** What a file looks like from outside: enough to notice any write. */
    record FileState(long size, long modifiedMillis, String text) {}

    private final Path dir;
    private final Path scratch;
    private Map<String, FileState> written = Map.of();

    private ConfigDir(Path dir, Path scratch) {
        this.dir = dir;
        this.scratch = scratch;
    }

    /** {@code parent/config}, world-readable (the container runs as uid 10001; @TempDir is 0700). */
    static ConfigDir create(Path parent) {
        try {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dir = Files.createDirectory(parent.resolve("config"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new ConfigDir(dir, Files.createDirectory(parent.resolve("scratch")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return dir;
    }

    /** Saves bots.toml by rename, as editors do. */
    void write(String text) {
        try {
            Path temp = Files.writeString(scratch.resolve("bots.toml.new"), text);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, dir.resolve("bots.toml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = snapshot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holds exactly what {@link #write} left: same files, sizes, times and text. */
    void assertUntouchedSinceLastWrite() {
        assertThat(snapshot()).as("files in the config directory").isEqualTo(written);
    }

    private Map<String, FileState> snapshot() {
        Map<String, FileState> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(),
                        new FileState(Files.size(p), Files.getLastModifiedTime(p).toMillis(), Files.readString(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
