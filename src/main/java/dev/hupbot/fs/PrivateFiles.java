package dev.hupbot.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The rules for everything hupbot keeps in its data directory (DESIGN "Audit database"): the
 * directory is 0700 and its files 0600 whatever the umask; a directory or file another account
 * owns, or a directory group or others can write, is refused with the fix; no file is ever
 * opened or written through a symlink. Temporary files are created with {@code O_CREAT|O_EXCL}
 * and {@code O_NOFOLLOW} ({@link StandardOpenOption#CREATE_NEW} + {@link LinkOption#NOFOLLOW_LINKS})
 * and renamed over the target, so a planted {@code NAME.tmp} symlink is removed, never followed.
 *
 * <p>Ownership is compared by uid ({@code unix:uid}), read through java.nio: no native library
 * to load, which a short CLI command would pay for in CPU time.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** The suffix of the temporary file {@link #writeAtomically} renames over its target. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {}

    /**
     * Makes {@code dir} the private data directory: created 0700 (parents as usual) when missing;
     * when it exists, it must be a directory this account owns that neither group nor others can
     * write, and read or search bits for them are taken away. Throws {@link UnsafePathException}
     * (with the fix) otherwise, or {@link IOException} when it cannot be created.
     */
    public static void ensurePrivateDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, NOFOLLOW)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, FileAttributes.directory());
            } catch (FileAlreadyExistsException e) {
                // made in between (another start): checked below like any existing directory
            }
        }
        requireSafeDirectory(dir);
        setMode(dir, DIRECTORY_MODE);
    }

    /**
     * Refuses {@code dir} unless it is a real directory this account owns that group and others
     * cannot write. Read-only callers (CLI commands) check this much and change nothing.
     */
    public static void requireSafeDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            // A link the operator made on purpose is fine as long as where it leads is safe.
            dir = dir.toRealPath();
        }
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            throw new UnsafePathException("the data directory " + dir + " is not a directory; remove it or choose"
                    + " another --data directory");
        }
        requireOwnedByMe(dir, "the data directory");
        Optional<Set<PosixFilePermission>> mode = mode(dir);
        if (mode.isPresent() && mode.get().stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            throw new UnsafePathException(String.format("the data directory %s is writable by group or others"
                    + " (mode %04o), so other accounts could plant files in it; fix it with chmod 700 %s",
                    dir, bits(mode.get()), dir));
        }
    }

    /**
     * Refuses {@code path} when another account owns it ({@code what} names it in the message, e.g.
     * "the audit database"). A path that does not exist passes.
     */
    public static void requireOwnedByMe(Path path, String what) throws IOException {
        OptionalInt me = currentUid();
        OptionalInt owner = uid(path);
        if (me.isEmpty() || owner.isEmpty() || me.getAsInt() == owner.getAsInt()) {
            return;
        }
        String ownerName;
        try {
            ownerName = Files.getOwner(path, NOFOLLOW).getName();
        } catch (IOException e) {
            ownerName = "uid " + owner.getAsInt();
        }
        throw new UnsafePathException(what + " " + path + " belongs to " + ownerName + ", not to this account (uid "
                + me.getAsInt() + "), and hupbot opens no file another account controls; run hupbot as " + ownerName
                + " (e.g. runuser -u " + ownerName + " -- hupbot ...), or chown -R " + me.getAsInt() + " "
                + path + " if it is yours");
    }

    /** Sets an existing file this account owns to 0600 (no-op for a missing file, a symlink or another's file). */
    public static void tighten(Path file) {
        try {
            if (Files.isRegularFile(file, NOFOLLOW) && ownedByMe(file)) {
                setMode(file, FILE_MODE);
            }
        } catch (IOException e) {
            // gone in between, or not ours to change: the directory's 0700 still keeps others out
        }
    }

    /**
     * Replaces {@code target} with {@code bytes} by rename: the bytes go to {@code target.tmp},
     * created anew (0600, not through a symlink: whatever was there is removed first, and a link
     * is removed itself, not what it points to), then renamed over {@code target} atomically. A
     * reader sees the old file or the new one, never half of one.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        // deleteIfExists removes a symlink itself; CREATE_NEW then fails on anything that reappears.
        Files.deleteIfExists(temp);
        try (SeekableByteChannel channel = Files.newByteChannel(temp,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW), FileAttributes.file())) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        setMode(temp, FILE_MODE);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Creates {@code file} with {@code text} only if nothing is there (0600, not through a
     * symlink), by writing {@code file.tmp} and linking it into place, so no reader ever sees a
     * half-written file. Returns false when the file existed already (its content is untouched).
     */
    public static boolean createIfAbsent(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW), FileAttributes.file())) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            setMode(temp, FILE_MODE);
            // link(2) fails when the name exists (a file or a symlink): never replaces, never follows.
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a small private file without following a symlink at its name; empty when it does not
     * exist. Refuses a file another account owns, and one larger than {@code maxBytes}.
     */
    public static Optional<String> readPrivate(Path file, String what, int maxBytes) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.READ, NOFOLLOW);
        try (SeekableByteChannel channel = Files.newByteChannel(file, options)) {
            requireOwnedByMe(file, what);
            long size = channel.size();
            if (size > maxBytes) {
                throw new IOException(file + " is " + size + " bytes, not a " + what + "; remove it");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or end of file
            }
            return Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether this account owns {@code path} (true when it cannot tell: no POSIX attributes). */
    public static boolean ownedByMe(Path path) {
        OptionalInt me = currentUid();
        OptionalInt owner = uid(path);
        return me.isEmpty() || owner.isEmpty() || me.getAsInt() == owner.getAsInt();
    }

    /** The effective uid of this process: the owner of {@code /proc/self}, which Linux gives the process's euid. */
    public static OptionalInt currentUid() {
        return CurrentUid.VALUE;
    }

    private static OptionalInt uid(Path path) {
        try {
            return OptionalInt.of((Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<Set<PosixFilePermission>> mode(Path path) {
        try {
            return Optional.of(Files.getPosixFilePermissions(path, NOFOLLOW));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path, NOFOLLOW).equals(mode)) {
                Files.setPosixFilePermissions(path, mode);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to set
        }
    }

    /** The mode as chmod writes it (0755). */
    static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /** Creation modes as attributes (the umask can only take bits away; {@link #setMode} puts them back). */
    private static final class FileAttributes {
        private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
                PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);
        private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);

        static FileAttribute<?>[] directory() {
            return posix() ? new FileAttribute<?>[] {DIRECTORY} : new FileAttribute<?>[0];
        }

        static FileAttribute<?>[] file() {
            return posix() ? new FileAttribute<?>[] {FILE} : new FileAttribute<?>[0];
        }

        private static boolean posix() {
            return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        }
    }

    private static final class CurrentUid {
        static final OptionalInt VALUE = read();

        private static OptionalInt read() {
            try {
                return OptionalInt.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return OptionalInt.empty();
            }
        }
    }
}
