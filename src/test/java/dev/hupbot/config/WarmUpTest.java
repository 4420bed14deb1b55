package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
    /** A sample that stopped loading (a key renamed, a rule tightened) would warm up only the error path. */
    @Test
    void theSampleIsAValidCrewWithoutAProblem() {
        LoadResult result = WarmUp.run();

        assertThat(result.problems()).isEmpty();
        assertThat(result.config()).isNotNull();
        assertThat(result.config().bots()).hasSize(2);
    }
}
