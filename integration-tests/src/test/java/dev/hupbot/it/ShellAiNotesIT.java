package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the shell chat, an AI answer that cannot come is one note between the chat lines saying
 * why: the endpoint is unreachable, the key is the example's placeholder, the bot has no persona.
 * stdout is a pipe here, so the note carries no ANSI escapes.
 */
class ShellAiNotesIT {
    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir Path dir;
    @Nullable HupbotProcess hupbot;

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMentionThatGetsNoAiAnswerIsOneNoteNamingTheCause() throws IOException {
        String unreachable = "http://127.0.0.1:" + closedPort() + "/v1";
        Path config = dir.resolve("bots.toml");
        ConfigFiles.save(config, """
                [defaults]
                channels = ["mychannel"]
                min_delay_ms = 0
                max_delay_ms = 0
                reply_chance = 0.0
                [defaults.ai]
                base_url = "%s"
                api_key = "${LLM_API_KEY}"
                fallback_models = []

                [[bots]]
                name = "sticky"
                token = "${TOKEN_STICKY}"
                [bots.ai]
                system_prompt = "You are Sticky."

                [[bots]]
                name = "llama"
                token = "${TOKEN_LLAMA}"
                [bots.ai]
                api_key = "${PLACEHOLDER_KEY}"
                system_prompt = "You are Llama."

                [[bots]]
                name = "plain"
                token = "${TOKEN_PLAIN}"
                [bots.commands.ping]
                response = "pong"
                """.formatted(unreachable));
        HupbotProcess process = HupbotProcess.shell(config, dir.resolve("data"), Map.of(
                "LLM_API_KEY", "sk-test-notes-0123456789", "PLACEHOLDER_KEY", "sk-or-v1-replace-me",
                "TOKEN_STICKY", "t-sticky-0123456789", "TOKEN_LLAMA", "t-llama-0123456789", "TOKEN_PLAIN", "t-plain-0123456789"));
        hupbot = process;
        process.awaitStdout(0, l -> l.equals("[#mychannel] * plain joined"), WAIT);

        process.say("@sticky hi");
        process.awaitStdout(0, l -> l.equals("  (sticky could not answer: the AI endpoint " + unreachable + " is unreachable)"), WAIT);
        process.say("@llama hi");
        process.awaitStdout(0, l -> l.equals(
                "  (llama could not answer: it answers only commands: ai.api_key is the example's placeholder)"), WAIT);
        process.say("hey plain");
        process.awaitStdout(0, l -> l.equals("  (plain could not answer: it answers only commands: no system_prompt)"), WAIT);
        process.say("!ping");
        process.awaitStdout(0, l -> l.equals("[#mychannel] <plain> pong"), WAIT);

        assertThat(process.stdout()).filteredOn(l -> l.startsWith("  (")).hasSize(3);
        assertThat(process.stdout()).noneMatch(l -> l.indexOf('\u001b') >= 0);
    }
}
