package dev.hupbot.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import jnr.posix.POSIXFactory;

/**
 * Files only hupbot's user may read, written without following symlinks: a new file is created
 * with O_EXCL (which never follows a link) under a random name in the same directory, made 0600
 * before a byte is written, forced to disk and renamed over the target (a rename replaces a
 * link at the target instead of writing through it). A small private helper of this package.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** This process's uid, asked once (the store is read every few seconds). */
    private static final class Uid {
        static final int ME = POSIXFactory.getPOSIX().getuid();
    }

    /** Creates {@code dir} 0700 when it is missing; refuses a symlink or a non-directory. */
    static void directory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; point --data at a real directory");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by another hupbot: checked below like any other
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory; point --data at a directory");
        }
    }

    /** Replaces {@code target} with {@code content} atomically, mode 0600. */
    static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        directory(dir);
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE_MODE);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", mode);
        try {
            try (FileChannel out = FileChannel.open(temp, Set.<OpenOption>of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
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
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = Uid.ME;
        if (owner != me) {
            throw new IOException(file + " belongs to " + attributes.owner().getName() + " (uid " + owner
                    + "), not to uid " + me + "; run hupbot as the user that owns the data directory");
        }
        if (!FILE_MODE.containsAll(attributes.permissions())) {
            throw new IOException(file + " is readable by others (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); run chmod 600 " + file);
        }
        try (SeekableByteChannel in = Files.newByteChannel(file, Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (in.size() > maxBytes) {
                throw new IOException(file + " is over " + maxBytes / 1024 + " KiB; it is not a token store");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) in.size());
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // read to the end
            }
            return Optional.of(buffer.array());
        }
    }
}
