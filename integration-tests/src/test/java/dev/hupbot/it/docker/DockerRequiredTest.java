package dev.hupbot.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class DockerRequiredTest {
    @Test
    void dockerAnsweringLetsTheTestsRunEitherWay() {
        assertThat(DockerRequired.check(true, Optional::empty).isDisabled()).isFalse();
        assertThat(DockerRequired.check(false, Optional::empty).isDisabled()).isFalse();
    }

    @Test
    void withoutDockerTheTestsAreSkippedWithTheReason() {
        ConditionEvaluationResult result = DockerRequired.check(false, () -> Optional.of("no socket"));
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).contains("Docker is not available (no socket): container tests skipped;"
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
