package dev.hupbot.reload;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol ({@code sd_notify(3)}), spoken when {@code NOTIFY_SOCKET} is set:
 * {@code READY=1} once the bots run, {@code RELOADING=1} with {@code MONOTONIC_USEC=} when a
 * reload is asked for, {@code READY=1} when it has ended, {@code STATUS=} with the last outcome,
 * {@code STOPPING=1} on SIGTERM. Understood by {@code Type=notify} (systemd 252, Debian 12) and
 * {@code Type=notify-reload} (253+). Without the variable every call does nothing; a failure to
 * send is logged once and never stops the bots.
 */
public final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private final @Nullable String socket;
    private final @Nullable NativeUnix unix;
    private volatile boolean warned;

    private SystemdNotifier(@Nullable String socket, @Nullable NativeUnix unix) {
        this.socket = socket;
        this.unix = unix;
    }

    /** Speaks to {@code NOTIFY_SOCKET} when the environment names one; otherwise a no-op. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String socket = env.getOrDefault(NOTIFY_SOCKET, "").strip();
        if (socket.isEmpty()) {
            return new SystemdNotifier(null, null);
        }
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            log.warn("{}={} is not a Unix socket path or @name (vsock is not supported): systemd is not told when"
                    + " hupbot is ready or reloading", NOTIFY_SOCKET, socket);
            return new SystemdNotifier(null, null);
        }
        NativeUnix unix = NativeUnix.get();
        if (unix == null) {
            log.warn("{} is set, but libc cannot be called from here ({}): systemd is not told when hupbot is ready"
                    + " or reloading", NOTIFY_SOCKET, NativeUnix.whyUnavailable());
            return new SystemdNotifier(null, null);
        }
        return new SystemdNotifier(socket, unix);
    }

    public boolean enabled() {
        return socket != null;
    }

    /** The bots run, or a reload ended and none is queued. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** A reload was asked for; {@code MONOTONIC_USEC} lets systemd match it to the signal it sent. */
    public void reloading() {
        NativeUnix native_ = unix;
        if (native_ == null) {
            return;
        }
        send("RELOADING=1\nMONOTONIC_USEC=" + native_.monotonicMicros());
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=Stopping: leaving chat");
    }

    /** {@code STATUS=} text for a finished reload, e.g. {@code Reload #7 (SIGHUP): APPLIED}. */
    public static String statusOf(ReloadResult result) {
        String status = "Reload #" + result.reloadId() + " (" + result.trigger() + "): " + result.outcome();
        return switch (result.outcome()) {
            case REJECTED -> status + " - keeping the previous configuration; see hupbot history show " + result.reloadId();
            case PARTIAL -> status + " - some changes did not apply; see hupbot history show " + result.reloadId();
            default -> status;
        };
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\p{Cntrl}]+", " ");
    }

    private void send(String message) {
        String to = socket;
        NativeUnix native_ = unix;
        if (to == null || native_ == null) {
            return;
        }
        try {
            native_.sendDatagram(to, message.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("cannot notify systemd at {}={}: {} (the bots carry on; told once)", NOTIFY_SOCKET, to, e.getMessage());
            }
        }
    }
}
