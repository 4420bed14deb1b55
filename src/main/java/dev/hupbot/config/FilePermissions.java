package dev.hupbot.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Warns when others may rewrite the bots file, or read the env file: whoever can write it speaks through every bot and
 * decides where their tokens come from.
 *
 * <p>Reads the mode through java.nio rather than jnr-posix's {@code stat}: same bits, but jnr's
 * first call loads native code, measured at 0.3–2.8 s per {@code hupbot check} on the build
 * machine, against under 3 ms here.
 */
final class FilePermissions {
    private FilePermissions() {}

    /** The warning text, or empty when the file is safe or its mode cannot be read (not POSIX). */
    static Optional<String> warning(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX modes here (or the file just went away): the check is advice, not a requirement.
            return Optional.empty();
        }
        if (!permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.empty();
        }
        return Optional.of(String.format("file is writable by group or others (mode %04o); anyone who can write it"
                + " speaks through the bots — run chmod go-w %s", mode(permissions), file));
    }

    /**
     * The warning for an env file group or others may read, or empty: it holds every bot's token,
     * so only the user that runs hupbot should read it.
     */
    static Optional<String> readableWarning(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        if (!permissions.contains(PosixFilePermission.GROUP_READ) && !permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.empty();
        }
        return Optional.of(String.format("env file is readable by group or others (mode %04o); it holds the bots'"
                + " tokens and keys — run chmod 600 %s", mode(permissions), file));
    }

    /** The permission bits as chmod writes them (0664): PosixFilePermission lists them from owner read down. */
    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
