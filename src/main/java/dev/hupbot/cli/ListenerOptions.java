package dev.hupbot.cli;

import dev.hupbot.config.Secret;
import dev.hupbot.net.ListenAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --h2-console-*} and {@code --metrics-*}: the listeners {@code hupbot run} opens only when
 * asked to, on loopback unless told otherwise. The console's password comes from the environment
 * alone ({@value #CONSOLE_PASSWORD}): a flag would show it in {@code ps}.
 */
final class ListenerOptions {
    static final String CONSOLE_PASSWORD = "HUPBOT_H2_CONSOLE_PASSWORD";
    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Option(names = "--h2-console-port", paramLabel = "PORT", defaultValue = "${env:HUPBOT_H2_CONSOLE_PORT}",
            description = "Serve the H2 web console on this port, read-only: log in as CONSOLE with the password in "
                    + CONSOLE_PASSWORD + " (env HUPBOT_H2_CONSOLE_PORT; off unless set; 0: any free port).")
    @Nullable String consolePort;

    @Option(names = "--h2-console-bind", paramLabel = "ADDRESS", defaultValue = "${env:HUPBOT_H2_CONSOLE_BIND:-" + LOOPBACK + "}",
            description = "Address the H2 console listens on; 0.0.0.0 only inside a container whose port is published on"
                    + " the host's 127.0.0.1 (env HUPBOT_H2_CONSOLE_BIND; default: ${DEFAULT-VALUE}).")
    String consoleBind = LOOPBACK;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:HUPBOT_METRICS_PORT}",
            description = "Serve Prometheus metrics at /metrics on this port (env HUPBOT_METRICS_PORT; off unless set;"
                    + " 0: any free port).")
    @Nullable String metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "${env:HUPBOT_METRICS_BIND:-" + LOOPBACK + "}",
            description = "Address the metrics endpoint listens on (env HUPBOT_METRICS_BIND; default: ${DEFAULT-VALUE}).")
    String metricsBind = LOOPBACK;

    /** Checks the flags and the password; the message of the exception is the whole error line. */
    ListenerPlan plan(Map<String, String> env) {
        ListenAddress console = address("--h2-console-port", consolePort, "--h2-console-bind", consoleBind);
        Secret password = null;
        if (console != null) {
            String value = env.get(CONSOLE_PASSWORD);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the H2 console needs a password: set " + CONSOLE_PASSWORD
                        + " (the password of the console's read-only user CONSOLE), or leave --h2-console-port unset");
            }
            password = Secret.of(value);
        }
        ListenAddress metrics = address("--metrics-port", metricsPort, "--metrics-bind", metricsBind);
        return new ListenerPlan(console, password, metrics);
    }

    /** Null when the port is not set; an empty value (as compose passes an unset variable) is not set. */
    private static @Nullable ListenAddress address(String portFlag, @Nullable String port, String bindFlag, String bind) {
        if (port == null || port.isBlank()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException(portFlag + ": '" + port + "' is not a port number (1-65535, or 0 for any free port)");
        }
        return new ListenAddress(host(bindFlag, bind.trim()), number);
    }

    /** An IP literal, or {@code localhost}: never a name to look up, so a start asks no DNS server. */
    private static InetAddress host(String bindFlag, String bind) {
        if (bind.equals("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        // A colon makes InetAddress parse an IPv6 literal; dotted digits are an IPv4 literal.
        if (bind.indexOf(':') >= 0 || IPV4.matcher(bind).matches()) {
            try {
                return InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                // not a valid literal after all: reported below
            }
        }
        throw new IllegalArgumentException(bindFlag + ": '" + bind + "' is not an IP address"
                + " (use " + LOOPBACK + ", or 0.0.0.0 inside a container)");
    }

    /** What to open: each listener is null when it is off; the password is there when the console is. */
    record ListenerPlan(@Nullable ListenAddress console, @Nullable Secret consolePassword, @Nullable ListenAddress metrics) {}
}
