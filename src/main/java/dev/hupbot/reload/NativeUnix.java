package dev.hupbot.reload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import org.jspecify.annotations.Nullable;

/**
 * The three libc calls the JDK lacks here, through jnr-ffi (already on the classpath for
 * jnr-posix): an AF_UNIX datagram to a path or an abstract name (the JDK's Unix-domain support
 * is stream sockets only), and {@code clock_gettime(CLOCK_MONOTONIC)}, the clock systemd's
 * {@code MONOTONIC_USEC} is in ({@link System#nanoTime} promises no particular clock). Linux
 * values of the constants.
 */
final class NativeUnix {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int CLOCK_MONOTONIC = 1;
    /** {@code sizeof(sun_path)} on Linux. */
    static final int SUN_PATH_MAX = 108;

    /** The libc functions, as jnr-ffi binds them. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        @ssize_t
        long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

        int close(int fd);

        @SaveError
        int clock_gettime(int clock, @Out long[] timespec);
    }

    private static volatile @Nullable NativeUnix instance;
    private static volatile @Nullable String unavailable;

    private final LibC libc;
    private final Runtime runtime;

    private NativeUnix(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** The binding, or null when libc cannot be bound here ({@link #whyUnavailable()} says why). */
    static synchronized @Nullable NativeUnix get() {
        if (instance == null && unavailable == null) {
            try {
                instance = new NativeUnix(LibraryLoader.create(LibC.class).load("c"));
            } catch (RuntimeException | LinkageError e) {
                unavailable = e.toString();
            }
        }
        return instance;
    }

    static String whyUnavailable() {
        String why = unavailable;
        return why == null ? "" : why;
    }

    /** CLOCK_MONOTONIC in microseconds. */
    long monotonicMicros() {
        long[] timespec = new long[2];
        if (libc.clock_gettime(CLOCK_MONOTONIC, timespec) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed: errno " + LastError.getLastError(runtime));
        }
        return timespec[0] * 1_000_000L + timespec[1] / 1_000L;
    }

    /**
     * Sends one datagram to {@code socket}: a path, or {@code @name} for Linux's abstract
     * namespace (systemd's convention: the {@code @} stands for the leading NUL byte).
     */
    void sendDatagram(String socket, byte[] message) {
        byte[] address = address(socket);
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + LastError.getLastError(runtime));
        }
        try {
            long sent = libc.sendto(fd, message, message.length, 0, address, address.length);
            if (sent < 0) {
                throw new IllegalStateException("sendto " + socket + " failed: errno " + LastError.getLastError(runtime));
            }
        } finally {
            libc.close(fd);
        }
    }

    /** A {@code struct sockaddr_un}: the family in host byte order, then the path. */
    static byte[] address(String socket) {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.length > 0 && path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        if (path.length == 0 || path.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is not a usable socket address (" + path.length + " bytes)");
        }
        // A path ends with its NUL; an abstract name is exactly its bytes.
        ByteBuffer address = ByteBuffer.allocate(2 + path.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX).put(path);
        return address.array();
    }
}
