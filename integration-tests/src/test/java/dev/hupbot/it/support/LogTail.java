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

    private LogTail() {}

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static void follow(Path file, long start, Process process, Consumer<String> lines) {
        Thread thread = new Thread(() -> run(file, start, process, lines), "hupbot-log-tail");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(Path file, long start, Process process, Consumer<String> lines) {
        long offset = start;
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            boolean ended = !process.isAlive();
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
                return;
            }
            if (ended) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
