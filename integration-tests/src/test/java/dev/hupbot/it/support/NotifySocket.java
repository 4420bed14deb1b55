package dev.hupbot.it.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * What systemd listens on: an AF_UNIX datagram socket named by {@code NOTIFY_SOCKET}, bound by
 * the test (a path, or {@code @name} in the abstract namespace), collecting every message. The
 * JDK cannot bind one, so libc is called through jnr-ffi; the test's own binding, independent of
 * hupbot's. Linux constants.
 */
public final class NotifySocket implements AutoCloseable {
    /** libc, as jnr-ffi binds it. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In byte[] address, int length);

        @ssize_t
        long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

        int setsockopt(int fd, int level, int option, @In long[] value, int length);

        int close(int fd);

        int clock_gettime(int clock, @Out long[] timespec);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private final int fd;
    private final String name;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    private NotifySocket(String name) {
        this.name = name;
        fd = LIBC.socket(1, 2, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM) failed");
        }
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        ByteBuffer address = ByteBuffer.allocate(2 + path.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
        address.putShort((short) 1).put(path);
        if (LIBC.bind(fd, address.array(), address.capacity()) != 0) {
            LIBC.close(fd);
            throw new IllegalStateException("bind " + name + " failed");
        }
        LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new long[] {0, 200_000}, 16); // recv wakes up to see close()
        reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    /** Binds {@code name}: an absolute path, or {@code @name}. */
    public static NotifySocket bind(String name) {
        return new NotifySocket(name);
    }

    /** CLOCK_MONOTONIC now, in microseconds, as systemd reads {@code MONOTONIC_USEC}. */
    public static long monotonicMicros() {
        long[] timespec = new long[2];
        if (LIBC.clock_gettime(1, timespec) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed");
        }
        return timespec[0] * 1_000_000L + timespec[1] / 1_000L;
    }

    private void read() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            long n = LIBC.recv(fd, buffer, buffer.length, 0);
            if (n > 0) {
                messages.add(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
            }
        }
    }

    public String name() {
        return name;
    }

    /** Every datagram received so far, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIBC.close(fd);
    }
}
