package dev.hupbot.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Follows a log file as {@code tail -F} does: hands each complete line appended after {@code
 * start} to a consumer, starts over when the file is replaced by a smaller one (rotation), and
 * stops once the process has ended and the last lines are read.
 */
final class LogTail {
    private static final long POLL_NANOS = 20_000_000L;

    private final Path file;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    /** Guarded by this. */
    private long offset;

    private LogTail(Path file, long start, Consumer<String> lines) {
        this.file = file;
        this.offset = start;
        this.lines = lines;
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Starts following; {@link #catchUp()} reads what is already written, for a caller that looks now. */
    static LogTail follow(Path file, long start, Process process, Consumer<String> lines) {
        LogTail tail = new LogTail(file, start, lines);
        Thread thread = new Thread(() -> tail.run(process), "hupbot-log-tail");
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    private void run(Process process) {
        while (true) {
            boolean ended = !process.isAlive();
            if (!catchUp() || ended) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Hands over every complete line written so far. The process flushes each log line as it
     * logs it, so a test that asserts on the log right after an action sees the lines that action
     * wrote, not only what the last poll happened to find. False when the file cannot be read.
     */
    synchronized boolean catchUp() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset) {
                offset = 0; // rotated: the new file starts from its beginning
                partial.reset();
            }
            channel.position(offset);
            int read;
            while ((read = channel.read(buffer)) > 0) {
                offset += read;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        lines.accept(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
                buffer.clear();
            }
        } catch (NoSuchFileException e) {
            // not created yet (or between rotation steps)
        } catch (IOException e) {
            return false;
        }
        return true;
    }
}
