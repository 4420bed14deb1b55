package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell chat as a person trying hupbot meets it: piped lines are answered and the end of
 * input ends the process with 0; the terminal shows the chat, while log lines go to
 * {@code DATA/hupbot.log} and only warnings and errors reach the terminal, one short line each.
 */
class ShellChatIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "oauth:sh3ll-chat-stickyman-token";
    private static final Map<String, String> ENV = Map.of("TWITCH_TOKEN_STICKYMAN", TOKEN);

    private static final String CREW = """
            [defaults]
            channels = ["mychannel"]

            [[bots]]
            name = "stickyman"
            token = "${TWITCH_TOKEN_STICKYMAN}"

            [bots.commands.hello]
            response = "Hello {user}!"
            cooldown_seconds = 60

            [bots.commands.lurk]
            response = "Enjoy the lurk, {user}!"
            """;

    @TempDir Path dir;
    HupbotProcess bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private Path config(String text) {
        Path config = dir.resolve("bots.toml");
        ConfigFiles.save(config, text);
        return config;
    }

    @Test
    void linesTypedBeforeTheBotsJoinAreAnsweredAndTheEndOfInputExitsZero() {
        bot = HupbotProcess.shell(config(CREW), dir.resolve("data"), ENV);
        // At once, as `printf '!hello\n!lurk\n' | hupbot run --chat shell` does: the JVM has not even started.
        bot.say("!hello");
        bot.say("!lurk");
        bot.endInput();

        assertThat(bot.awaitExit(WAIT)).as(String.join("\n", bot.stderr())).isZero();
        List<String> chat = bot.stdout();
        assertThat(chat).containsSubsequence(
                "[#mychannel] * stickyman joined",
                "[#mychannel] <stickyman> Hello viewer!",
                "[#mychannel] <stickyman> Enjoy the lurk, viewer!",
                "[#mychannel] * stickyman left");
        assertThat(bot.logFile()).anyMatch(l -> l.contains("End of input: stopping")).anyMatch(l -> l.endsWith("Stopped"));
    }

    @Test
    void theTerminalShowsTheChatWhileTheLogGoesToTheDataDirectory() throws IOException {
        Path data = dir.resolve("data");
        bot = HupbotProcess.shell(config(CREW), data, ENV);
        bot.awaitStderr(0, l -> l.contains("Configuration reloaded successfully"), WAIT);
        bot.say("!hello");
        bot.awaitStdout(0, l -> l.equals("[#mychannel] <stickyman> Hello viewer!"), WAIT);
        bot.endInput();
        assertThat(bot.awaitExit(WAIT)).isZero();

        Path log = data.resolve("hupbot.log");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains(" INFO ") && l.contains("Configuration reloaded successfully"))
                .anyMatch(l -> l.contains("hupbot running"));
        assertThat(bot.terminal()).as("the terminal in shell mode").isEmpty();
    }

    @Test
    void aWarningIsOneShortLineOnTheTerminalAndWholeInTheLog() {
        Path config = config(CREW.replace("${TWITCH_TOKEN_STICKYMAN}", "oauth:pasted-into-the-file"));
        bot = HupbotProcess.shell(config, dir.resolve("data"), ENV);
        bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
        bot.say("!hello");
        bot.endInput();
        assertThat(bot.awaitExit(WAIT)).isZero();

        assertThat(bot.terminal()).singleElement().asString()
                .startsWith("hupbot: warning: " + config + ":6:")
                .contains("bots[stickyman].token: literal token in the file")
                .hasSizeLessThanOrEqualTo(160);
        assertThat(bot.logFile()).anyMatch(l -> l.contains(" WARN ") && l.endsWith(
                "literal token in the file; move it to an environment variable: token = \"${TWITCH_TOKEN_STICKYMAN}\""));
    }

    @Test
    void theLogLevelFlagHoldsBackInfoLines() {
        bot = HupbotProcess.start(config(CREW), dir.resolve("data"), ENV, "--chat", "shell", "--log-level", "warn");
        bot.say("!hello");
        bot.endInput();
        assertThat(bot.awaitExit(WAIT)).isZero();
        assertThat(bot.stdout()).contains("[#mychannel] <stickyman> Hello viewer!");
        assertThat(bot.logFile()).noneMatch(l -> l.contains(" INFO "));
    }

    @Test
    void aLineNothingAnswersGetsANoteSayingWhy() {
        bot = HupbotProcess.shell(config(CREW), dir.resolve("data"), ENV);
        bot.say("!hello");
        bot.say("!foo bar");
        bot.say("!hello");
        bot.say("#otherchannel !hello");
        bot.say("just chatting");
        bot.endInput();
        assertThat(bot.awaitExit(WAIT)).isZero();

        List<String> chat = bot.stdout();
        // Notes come in the order of their lines; a reply goes through the bot's send queue, so it
        // may come before or after the note of the next line.
        assertThat(chat).contains("[#mychannel] <stickyman> Hello viewer!").containsSubsequence(
                "  (no bot knows !foo)",
                "  (no bot is in #otherchannel)");
        // The second !hello comes within its 60 s cooldown, seconds after the first.
        assertThat(chat).filteredOn(l -> l.contains("is on cooldown")).singleElement().asString()
                .matches("  \\(!hello is on cooldown for (60|5\\d) s more\\)");
        assertThat(chat).filteredOn(l -> l.startsWith("  (")).hasSize(3); // a chat line that is no command gets none
        assertThat(chat).filteredOn(l -> l.contains("Hello viewer!")).hasSize(1);
    }

    @Test
    void theEndOfInputWaitsForAnAiReplyStillOwed() {
        try (FakeLlmServer llm = FakeLlmServer.start()) {
            llm.script("sticky-model", FakeLlmServer.Reply.slow(Duration.ofMillis(500), "Doing great, thanks!"));
            Map<String, String> env = new java.util.HashMap<>(ENV);
            env.put("LLM_API_KEY", "sk-sh3ll-chat-llm-key");
            String crew = """
                    [defaults]
                    channels = ["mychannel"]

                    [[bots]]
                    name = "sticky"
                    token = "${TWITCH_TOKEN_STICKYMAN}"
                    reply_chance = 0.0
                    min_delay_ms = 1500
                    max_delay_ms = 1500
                    [bots.ai]
                    base_url = "%s"
                    api_key = "${LLM_API_KEY}"
                    model = "sticky-model"
                    system_prompt = "You are Sticky."
                    """.formatted(llm.baseUrl());
            bot = HupbotProcess.shell(config(crew), dir.resolve("data"), env);
            bot.say("hey @sticky how are you?");
            bot.endInput();

            assertThat(bot.awaitExit(WAIT)).isZero();
            assertThat(bot.stdout()).containsSubsequence("[#mychannel] <sticky> Doing great, thanks!", "[#mychannel] * sticky left");
        }
    }
}
