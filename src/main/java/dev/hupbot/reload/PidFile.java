package dev.hupbot.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code hupbot.pid} in the data directory: how {@code hupbot reload} finds the running process.
 * Written atomically (temp file + rename) so a reader never sees half a number.
 */
public final class PidFile {
    public static final String NAME = "hupbot.pid";

    private final Path path;

    public PidFile(Path dataDir) {
        this.path = dataDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    /** The pid written there, if the file exists and holds a number. */
    public OptionalLong read() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Writes this process's pid. Refuses when the file names another live hupbot: two processes
     * on one data directory would fight over the database and the signals.
     */
    public void claim() {
        OptionalLong other = read();
        long self = ProcessHandle.current().pid();
        if (other.isPresent() && other.getAsLong() != self && isLiveHupbot(other.getAsLong())) {
            throw new IllegalStateException("another hupbot (pid " + other.getAsLong() + ") runs on this data directory ("
                    + path.getParent() + "); stop it first or use another --data directory");
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temp = path.resolveSibling(NAME + ".tmp");
            Files.writeString(temp, self + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes the file if it still names this process. */
    public void release() {
        OptionalLong pid = read();
        if (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Nothing to do at exit; a stale pidfile is detected by the liveness check.
            }
        }
    }

    /** Whether {@code pid} is a running process whose command line is hupbot's. */
    public static boolean isLiveHupbot(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        return commandLine(pid).map(PidFile::looksLikeHupbot).orElse(false);
    }

    static boolean looksLikeHupbot(String commandLine) {
        return commandLine.contains("hupbot.jar") || commandLine.contains("dev.hupbot.");
    }

    private static Optional<String> commandLine(long pid) {
        // /proc gives the full command line even when ProcessHandle.Info truncates or hides it.
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
        }
    }
}
