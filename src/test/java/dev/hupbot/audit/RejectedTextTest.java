package dev.hupbot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
