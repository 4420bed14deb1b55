package dev.hupbot.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The token store's file rules on top of the data directory's ({@link dev.hupbot.fs.PrivateFiles}:
 * 0700 directory, 0600 files, atomic replace, never through a symlink): a token file is read only
 * when it is a regular file that neither group nor others can read, since it holds credentials.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> FILE_MODE = dev.hupbot.fs.PrivateFiles.FILE_MODE;

    private PrivateFiles() {}

    /** Creates {@code dir} 0700 when it is missing; refuses one another account owns or others can write. */
    static void directory(Path dir) throws IOException {
        dev.hupbot.fs.PrivateFiles.ensurePrivateDirectory(dir);
    }

    /** Replaces {@code target} with {@code content} atomically, mode 0600. */
    static void write(Path target, byte[] content) throws IOException {
        dev.hupbot.fs.PrivateFiles.writeAtomically(target, content);
    }

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
        if (!FILE_MODE.containsAll(attributes.permissions())) {
            throw new IOException(file + " is readable by others (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); run chmod 600 " + file);
        }
        return dev.hupbot.fs.PrivateFiles.readPrivate(file, "token store", maxBytes)
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
    }
}
