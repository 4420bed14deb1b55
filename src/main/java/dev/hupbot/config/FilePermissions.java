package dev.hupbot.config;

import java.nio.file.Path;
import java.util.Optional;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Warns when others may rewrite the bots file: whoever can write it speaks through every bot and
 * sees where their tokens come from.
 */
final class FilePermissions {
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private FilePermissions() {}

    /** The warning text, or empty when the file is safe or its mode cannot be read (not POSIX). */
    static Optional<String> warning(Path file) {
        try {
            POSIX posix = POSIXFactory.getPOSIX();
            FileStat stat = posix.stat(file.toString());
            int mode = stat.mode() & 0777;
            if ((mode & GROUP_OR_OTHER_WRITE) == 0) {
                return Optional.empty();
            }
            return Optional.of(String.format("file is writable by group or others (mode %04o); anyone who can write it"
                    + " speaks through the bots — run chmod go-w %s", mode, file));
        } catch (RuntimeException e) {
            // No stat on this platform: the check is advice, not a requirement.
            return Optional.empty();
        }
    }
}
