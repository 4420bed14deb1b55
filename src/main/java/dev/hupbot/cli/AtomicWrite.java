package dev.hupbot.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces a file's content all at once: a reader (or a reload) sees the old bytes or the new
 * ones, never a half-written file, and a failure leaves the file as it was. Unlike a shell
 * redirect, which truncates the target before the command has produced anything.
 */
final class AtomicWrite {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicWrite() {}

    static void replace(Path file, byte[] bytes) throws IOException {
        // Write where the name points: config/bots.toml may be a symlink the operator keeps.
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "no such directory");
        }
        if (Files.isDirectory(target)) {
            throw new IOException("it is a directory");
        }
        Set<PosixFilePermission> mode = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        Path temp = dir.resolve("." + target.getFileName() + ".hupbot-" + HexFormat.of().formatHex(suffix));
        // CREATE_NEW never opens an existing name, so a planted symlink is refused, not followed.
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(temp, mode);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** A short reason for the error line: the JDK's messages repeat the path. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
