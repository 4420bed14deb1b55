package dev.hupbot.cli;

import dev.hupbot.fs.PrivateFiles;
import dev.hupbot.fs.UnsafePathException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.POSIXFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code hupbot run} does to its data directory before it writes anything there: the umask
 * becomes 077 (so every file H2 makes later, lock and temporary files included, is 0600), the
 * directory is made or checked ({@link PrivateFiles#ensurePrivateDirectory}: 0700, owned by this
 * account, not writable by group or others) and the files in it that this account owns are
 * tightened to 0600.
 */
final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private DataDirectory() {}

    /** Null when the directory is ready; otherwise the one-line reason to exit 2, with the fix. */
    static @Nullable String prepare(Path dir) {
        try {
            // Process-wide, and a long-running process can afford loading jnr's native code.
            POSIXFactory.getNativePOSIX().umask(0077);
        } catch (RuntimeException | LinkageError e) {
            log.warn("cannot set the umask to 077 ({}); hupbot still makes its own files 0600", e.toString());
        }
        try {
            PrivateFiles.ensurePrivateDirectory(dir);
        } catch (UnsafePathException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot create the data directory " + dir + ": " + e + " (set --data or HUPBOT_DATA to a writable directory)";
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                PrivateFiles.tighten(file);
            }
        } catch (IOException e) {
            return "cannot list the data directory " + dir + ": " + e;
        }
        return null;
    }
}
