package dev.hupbot.reload;

import dev.hupbot.fs.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code hupbot.pid} in the data directory: how {@code hupbot reload} and {@code hupbot status}
 * find the process that runs on that directory. The running process holds an exclusive lock on
 * the file for as long as it runs ({@link #claim}); a pid is only believed when the file is
 * locked <em>by that pid</em> ({@link #running}), which Linux tells in {@code /proc/locks}. Any
 * other process whose pid ends up in the file (a stale pid reused by {@code tail -f}, another
 * hupbot on another directory) is never signalled.
 *
 * <p>The file is written in place, not by rename: the lock belongs to the inode. It is opened
 * without following a symlink, created 0600. The running process must not open it a second
 * time: POSIX drops every lock a process holds on a file when it closes any descriptor of it.
 */
public final class PidFile {
    public static final String NAME = "hupbot.pid";
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private final Path path;
    private @Nullable FileChannel held;
    private @Nullable FileLock lock;

    public PidFile(Path dataDir) {
        this.path = dataDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    /** What a reader found: the pid of the hupbot that runs on the directory, or why there is none. */
    public sealed interface Found permits Running, NotRunning {}

    /** The pidfile names {@code pid}, and {@code pid} holds its lock. */
    public record Running(long pid) implements Found {}

    /**
     * No hupbot of this directory to talk to; {@code why} says what was found, e.g. "pid 12 in
     * data/hupbot.pid holds no lock on it: no hupbot runs on data (stale pidfile)". {@code
     * otherHolder}: some process does hold the lock, but not the pid in the file.
     */
    public record NotRunning(String why, boolean otherHolder) implements Found {}

    /** The pid written there, if the file exists and holds a number. */
    public OptionalLong read() {
        try {
            Optional<String> text = PrivateFiles.readPrivate(path, "the pidfile", 64);
            return text.map(t -> parse(t.strip())).orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Verifies who runs on this directory: the pid in the file, and only if that very process
     * holds the file's lock.
     */
    public Found running() {
        OptionalLong pid = read();
        if (pid.isEmpty()) {
            return new NotRunning(Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    ? "no pid in " + path : "no pidfile at " + path, false);
        }
        long claimed = pid.getAsLong();
        Optional<Boolean> locked = lockedBySomeone();
        if (locked.isPresent() && !locked.get()) {
            return new NotRunning("pid " + claimed + " in " + path + " holds no lock on it: no hupbot runs on "
                    + path.getParent() + " (stale pidfile)", false);
        }
        List<Long> holders = lockHolders();
        if (holders.contains(claimed)) {
            return new Running(claimed);
        }
        String who = holders.isEmpty() ? "which process holds its lock cannot be told"
                : "its lock is held by pid " + holders.get(0);
        return new NotRunning("pid " + claimed + " in " + path + " is not the hupbot that runs on " + path.getParent()
                + " (" + who + ")", true);
    }

    /**
     * Takes the file for this process: refuses (with the pid it found) when another process holds
     * its lock, which means a hupbot runs on this data directory; two would fight over the
     * database and the signals. Writes this process's pid and keeps the lock until {@link #release}.
     */
    public void claim() {
        long self = ProcessHandle.current().pid();
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, options,
                    PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_MODE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage()
                    + " (a symlink there is refused; remove it)", e);
        }
        try {
            PrivateFiles.requireOwnedByMe(path, "the pidfile");
            FileLock taken = channel.tryLock();
            if (taken == null) {
                List<Long> holders = lockHolders();
                OptionalLong inFile = read();
                String other = !holders.isEmpty() ? "pid " + holders.get(0)
                        : inFile.isPresent() ? "pid " + inFile.getAsLong() : "another process";
                throw new IllegalStateException("another hupbot (" + other + ") runs on this data directory ("
                        + path.getParent() + "); stop it first or use another --data directory");
            }
            PrivateFiles.tighten(path);
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
            channel.force(false);
            this.held = channel;
            this.lock = taken;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Removes the file and drops the lock, if this process claimed it. */
    public void release() {
        FileChannel channel = held;
        if (channel == null) {
            return;
        }
        try {
            // Delete while still holding the lock, so no reader finds our pid unlocked.
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Nothing to do at exit; a stale pidfile holds no lock, which readers recognise.
        }
        held = null;
        lock = null;
        closeQuietly(channel);
    }

    /** Whether any process holds a lock on the file; empty when that cannot be told (no such file). */
    private Optional<Boolean> lockedBySomeone() {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            // A shared lock is granted unless someone holds an exclusive one (the running hupbot does).
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return Optional.of(true);
            }
            probe.release();
            return Optional.of(false);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The pids that hold a POSIX lock on the file's inode, from {@code /proc/locks} (Linux). */
    private List<Long> lockHolders() {
        List<Long> pids = new ArrayList<>();
        long inode;
        try {
            inode = ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return pids;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return pids;
        } catch (IOException e) {
            return pids;
        }
        for (String line : lines) {
            lockHolder(line, inode).ifPresent(pids::add);
        }
        return pids;
    }

    /**
     * The pid of one {@code /proc/locks} line when it is a granted lock on {@code inode}:
     * {@code 1: POSIX  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF} (waiters are marked {@code ->}).
     */
    static OptionalLong lockHolder(String line, long inode) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 6 || "->".equals(fields[1])) {
            return OptionalLong.empty();
        }
        for (int i = 1; i < fields.length; i++) {
            String[] device = fields[i].split(":");
            if (device.length == 3) {
                try {
                    if (Long.parseLong(device[2]) == inode) {
                        return parse(fields[i - 1]);
                    }
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong parse(String text) {
        try {
            long pid = Long.parseLong(text);
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held on it any more
        }
    }
}
