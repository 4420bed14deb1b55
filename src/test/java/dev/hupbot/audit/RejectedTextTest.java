package dev.hupbot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RejectedTextTest {
    @Test
    void anEnvFileSavedByMistakeKeepsItsNamesNotItsValues() {
        String env = """
                # bots
                TWITCH_TOKEN_STICKYMAN=oauth:abcdef0123456789
                export OPENAI_API_KEY="sk-live-0123456789abcdef"
                HUPBOT_H2_CONSOLE_PASSWORD='hunter2-hunter2'
                CHANNEL=mychannel
                """;
        assertThat(RejectedText.redact(env)).isEqualTo("""
                # bots
                TWITCH_TOKEN_STICKYMAN="***"
                export OPENAI_API_KEY="***"
                HUPBOT_H2_CONSOLE_PASSWORD="***"
                CHANNEL=mychannel
                """);
    }

    @Test
    void tomlSecretsAreBlankedReferencesAndOtherValuesKept() {
        String toml = """
                [[bots]]
                name = "stickyman"
                token = "oauth:literal0123456789"
                refresh_token = "${REFRESH}"
                ai = { api_key = "abc123secretvalue", model = "m" }
                intro_message = "my key is sk-abcdefghijklmnop"
                temperature = 7.5
                """;
        assertThat(RejectedText.redact(toml)).isEqualTo("""
                [[bots]]
                name = "stickyman"
                token = "***"
                refresh_token = "${REFRESH}"
                ai = { api_key = "***", model = "m" }
                intro_message = "my key is sk-***"
                temperature = 7.5
                """);
    }

    @Test
    void aMultiLineSecretIsBlankedWholeAndItsLinesKept() {
        String toml = "[bots.ai]\napi_key = \"\"\"\nline-one-secret\nline-two-secret\"\"\"\nmodel = 'm'\n";
        assertThat(RejectedText.redact(toml)).isEqualTo("[bots.ai]\napi_key = \"***\"\n\n\nmodel = 'm'\n")
                .doesNotContain("secret\n");
    }

    @Test
    void anUnterminatedQuoteIsBlankedToTheEndOfItsLine() {
        assertThat(RejectedText.redact("token = \"oauth_abc def\nname = \"x\"\n"))
                .isEqualTo("token = \"***\"\nname = \"x\"\n");
    }

    // A regex alternation under a star recursed once per character: a hostile file with a long
    // quoted value overflowed the reload thread's stack and the reload ended as an internal error.
    // The timeout only stops a hang; a quadratic scan of these inputs would take hours.
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void megabyteHostileValuesNeitherOverflowTheStackNorTakeQuadraticTime() {
        String mib = "a\\\"".repeat(350_000);
        assertThat(RejectedText.redact("token = \"" + mib + "\"\nx = 1\n")).isEqualTo("token = \"***\"\nx = 1\n");
        assertThat(RejectedText.redact("token = \"" + mib)).isEqualTo("token = \"***\"");
        assertThat(RejectedText.redact("key = '" + "b".repeat(1 << 20) + "'")).isEqualTo("key = \"***\"");
        String dots = "token.".repeat(200_000);
        assertThat(RejectedText.redact(dots)).isEqualTo(dots);
        String blanks = ("token" + " ".repeat(1000)).repeat(1000);
        assertThat(RejectedText.redact(blanks)).isEqualTo(blanks);
        assertThat(RejectedText.redact("sk-".repeat(350_000))).isEqualTo("sk-***");
    }
}
