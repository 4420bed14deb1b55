package dev.hupbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import dev.hupbot.fs.PrivateFiles;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Log lines appended to a file only its owner can read (0600, opened without following a
 * symlink: the log holds bot names, channels and chat text). Capped: when the file passes
 * {@code maxBytes} it becomes {@code NAME.1} (replacing the one before) and a new file starts,
 * so the log never takes more than about twice the cap.
 */
final class PrivateLogFile extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;


    private final Path file;
    private final long maxBytes;
    private final Encoder<ILoggingEvent> encoder;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private @Nullable FileChannel channel;
    /** Guarded by {@link #lock}. */
    private long size;

    PrivateLogFile(Path file, long maxBytes, Encoder<ILoggingEvent> encoder) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.encoder = encoder;
    }

    /** Opens (or creates) the file now, so a data directory that cannot hold it fails at start-up. */
    void open() throws IOException {
        synchronized (lock) {
            channel = openChannel();
            size = channel.size();
        }
    }

    private FileChannel openChannel() throws IOException {
        List<FileAttribute<?>> attributes = new ArrayList<>();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            attributes.add(PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_MODE));
        }
        FileChannel opened = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), attributes.toArray(FileAttribute<?>[]::new));
        PrivateFiles.tighten(file); // a file left by an older version, or made by hand
        return opened;
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] bytes = encoder.encode(event);
        synchronized (lock) {
            try {
                FileChannel current = channel;
                if (current == null) {
                    return;
                }
                if (size > 0 && size + bytes.length > maxBytes) {
                    current = rotate(current);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    size += current.write(buffer);
                }
            } catch (IOException e) {
                addError("cannot write the log file " + file, e);
            }
        }
    }

    private FileChannel rotate(FileChannel current) throws IOException {
        current.close();
        channel = null;
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        FileChannel fresh = openChannel();
        channel = fresh;
        size = 0;
        return fresh;
    }

    @Override
    public void stop() {
        synchronized (lock) {
            FileChannel current = channel;
            channel = null;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    addError("cannot close the log file " + file, e);
                }
            }
        }
        super.stop();
    }
}
