package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class DockerRequiredTest {
    @Test
    void dockerAnsweringLetsTheTestsRunEitherWay() {
        assertThatCode(() -> DockerRequired.check(true, Optional::empty)).doesNotThrowAnyException();
        assertThatCode(() -> DockerRequired.check(false, Optional::empty)).doesNotThrowAnyException();
    }

    @Test
    void withoutDockerTheTestsAreSkippedWithTheReason() {
        assertThatThrownBy(() -> DockerRequired.check(false, () -> Optional.of("no socket")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("Docker is not available (no socket): container tests skipped;"
                        + " -Dhupbot.it.requireDocker=true makes this a failure");
    }

    @Test
    void withoutDockerTheTestsFailWhenDockerIsRequired() {
        assertThatThrownBy(() -> DockerRequired.check(true, () -> Optional.of("no socket")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Docker is not available (no socket), and hupbot.it.requireDocker=true forbids skipping"
                        + " the container tests: start a Docker engine (README, section Docker),"
                        + " or run without -Dhupbot.it.requireDocker=true to skip them");
    }
}
