package dev.hupbot.auth;

import dev.hupbot.fs.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Reads the token file by a stricter rule than the data directory's other files ({@link
 * PrivateFiles#readPrivate}): it holds credentials, so it is read only when it is a regular
 * file that neither group nor others can read.
 */
final class TokenFile {
    private TokenFile() {}

    /**
     * The content of {@code file}, empty when it does not exist. Refuses a symlink, a file of
     * another user, one group or others can read, and one over {@code maxBytes}.
     */
    static Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file (a symbolic link?); remove it and log in again");
        }
        if (!PrivateFiles.FILE_MODE.containsAll(attributes.permissions())) {
            throw new IOException(file + " is readable by others (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); run chmod 600 " + file);
        }
        return PrivateFiles.readPrivate(file, "token store", maxBytes)
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
    }
}
