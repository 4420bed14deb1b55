package dev.hupbot.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An address and port a listener of this process binds to: loopback unless the operator chose
 * otherwise. Port 0 means any free port (the listener tells which it got).
 */
public record ListenAddress(InetAddress host, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    public static ListenAddress of(InetSocketAddress bound) {
        return new ListenAddress(bound.getAddress(), bound.getPort());
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** Whether only this machine can reach it (127.0.0.0/8, ::1). 0.0.0.0 and :: are every interface. */
    public boolean isLoopback() {
        return host.isLoopbackAddress();
    }

    /** {@code 127.0.0.1:8082}, {@code [::1]:8082}: the form URLs and {@code ss -ltn} use. */
    @Override
    public String toString() {
        String literal = host.getHostAddress();
        return (host instanceof Inet6Address ? "[" + literal + "]" : literal) + ":" + port;
    }
}
