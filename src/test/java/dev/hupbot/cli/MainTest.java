package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void aLeadingProgramNameIsDroppedAsDockerComposeRunPassesIt() {
        assertThat(Main.withoutProgramName(new String[] {"hupbot", "auth", "login", "chatty"}))
                .containsExactly("auth", "login", "chatty");
        assertThat(Main.withoutProgramName(new String[] {"auth", "status"})).containsExactly("auth", "status");
        assertThat(Main.withoutProgramName(new String[] {})).isEmpty();
    }
}
