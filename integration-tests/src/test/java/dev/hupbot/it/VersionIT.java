package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.it.support.Cli;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hupbot --version} names the pom's version and the commit, the same in every command. */
class VersionIT {
    private static final String VERSION = "hupbot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\((commit [0-9a-f]{7,40}|commit unknown)\\)\\n";

    @Test
    void namesTheVersionAndTheCommit() {
        for (String[] args : new String[][] {{"--version"}, {"check", "--version"}, {"history", "export", "--version"}}) {
            Cli.Result result = Cli.run(Map.of(), args);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(new String(result.stdoutBytes(), StandardCharsets.UTF_8)).matches(VERSION);
        }
    }
}
