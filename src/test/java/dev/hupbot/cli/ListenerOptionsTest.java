package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.net.ListenAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The console and metrics flags: off unless set, loopback unless told, a password for the console. */
class ListenerOptionsTest {
    static final Map<String, String> PASSWORD = Map.of("HUPBOT_H2_CONSOLE_PASSWORD", "pw");

    static ListenerOptions parse(String... args) {
        ListenerOptions options = new ListenerOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void withNoFlagsNothingListens() {
        ListenerOptions.ListenerPlan plan = parse().plan(PASSWORD);

        assertThat(plan.console()).isNull();
        assertThat(plan.consolePassword()).isNull();
        assertThat(plan.metrics()).isNull();
    }

    @Test
    void aPortAloneListensOnLoopback() {
        ListenerOptions.ListenerPlan plan = parse("--h2-console-port", "8082", "--metrics-port", "9464").plan(PASSWORD);

        assertThat(plan.console()).hasToString("127.0.0.1:8082").extracting(ListenAddress::isLoopback).isEqualTo(true);
        assertThat(plan.metrics()).hasToString("127.0.0.1:9464");
        assertThat(plan.consolePassword()).hasToString("***" + dev.hupbot.config.Secret.of("pw").fingerprint());
    }

    @Test
    void bindChoosesTheAddress() {
        ListenerOptions.ListenerPlan plan = parse("--h2-console-port", "8082", "--h2-console-bind", "0.0.0.0",
                "--metrics-port", "0", "--metrics-bind", "::1").plan(PASSWORD);

        assertThat(plan.console()).hasToString("0.0.0.0:8082").extracting(ListenAddress::isLoopback).isEqualTo(false);
        assertThat(plan.metrics()).hasToString("[0:0:0:0:0:0:0:1]:0");
        assertThat(parse("--metrics-port", "1", "--metrics-bind", "localhost").plan(Map.of()).metrics())
                .hasToString("127.0.0.1:1");
    }

    @Test
    void theConsoleWithoutAPasswordIsRefused() {
        ListenerOptions options = parse("--h2-console-port", "8082");

        assertThatThrownBy(() -> options.plan(Map.of()))
                .hasMessage("the H2 console needs a password: set HUPBOT_H2_CONSOLE_PASSWORD (the password of the"
                        + " console's read-only user CONSOLE), or leave --h2-console-port unset");
        assertThatThrownBy(() -> options.plan(Map.of("HUPBOT_H2_CONSOLE_PASSWORD", "")))
                .hasMessageStartingWith("the H2 console needs a password");
    }

    @Test
    void anEmptyPortIsOff() {
        // What compose passes for a variable that is listed but not given a value.
        assertThat(parse("--h2-console-port", "", "--metrics-port", " ").plan(Map.of()).console()).isNull();
    }

    @Test
    void badPortsAndAddressesAreNamed() {
        assertThatThrownBy(() -> parse("--metrics-port", "http").plan(Map.of()))
                .hasMessage("--metrics-port: 'http' is not a port number (1-65535, or 0 for any free port)");
        assertThatThrownBy(() -> parse("--h2-console-port", "70000").plan(PASSWORD))
                .hasMessage("--h2-console-port: '70000' is not a port number (1-65535, or 0 for any free port)");
        assertThatThrownBy(() -> parse("--metrics-port", "1", "--metrics-bind", "example.org").plan(Map.of()))
                .hasMessage("--metrics-bind: 'example.org' is not an IP address (use 127.0.0.1, or 0.0.0.0 inside a container)");
        assertThatThrownBy(() -> parse("--metrics-port", "1", "--metrics-bind", "300.1.2.3").plan(Map.of()))
                .hasMessage("--metrics-bind: '300.1.2.3' is not an IP address (use 127.0.0.1, or 0.0.0.0 inside a container)");
        assertThatThrownBy(() -> parse("--metrics-port", "1", "--metrics-bind", "::g").plan(Map.of()))
                .hasMessageStartingWith("--metrics-bind: '::g' is not an IP address");
    }
}
