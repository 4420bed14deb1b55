package dev.hupbot.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read as {@code ss -ltnp} reads them: the socket inodes
 * among the process's file descriptors ({@code /proc/PID/fd}), matched with the LISTEN rows of
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}. Linux only.
 */
public final class ListeningSockets {
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** One listening socket: its local address (IPv4-mapped IPv6 reads as IPv4) and port. */
    public record Listener(InetAddress address, int port) {
        public boolean isLoopback() {
            return address.isLoopbackAddress();
        }

        public boolean isEveryInterface() {
            return address.isAnyLocalAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    public static List<Listener> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file)) {
                lines.skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(f -> f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9]))
                        .map(f -> listener(f[1]))
                        .forEach(listeners::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return listeners;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we listed them
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the descriptors of process " + pid, e);
        }
        return inodes;
    }

    /** {@code 0100007F:1F90}: the address as 32-bit words in the kernel's byte order, the port in hex. */
    private static Listener listener(String local) {
        int colon = local.indexOf(':');
        byte[] bytes = HexFormat.of().parseHex(local.substring(0, colon));
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < bytes.length; word += 4) {
                reverse(bytes, word);
            }
        }
        try {
            return new Listener(InetAddress.getByAddress(bytes), Integer.parseInt(local.substring(colon + 1), 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + local, e);
        }
    }

    private static void reverse(byte[] bytes, int from) {
        for (int i = 0; i < 2; i++) {
            byte b = bytes[from + i];
            bytes[from + i] = bytes[from + 3 - i];
            bytes[from + 3 - i] = b;
        }
    }
}
