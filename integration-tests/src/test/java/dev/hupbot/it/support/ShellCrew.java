package dev.hupbot.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A shell-chat crew for the torture tests: one bot, {@code stickyman}, that answers {@code !hello}
 * with a given text, plus any number of disabled bots that only make the file (and each reload of
 * it) bigger. The token comes from a variable whose value the no-leak check looks for.
 */
public final class ShellCrew {
    public static final String TOKEN = "oauth:t0rture-stickyman-token-8d1f";
    public static final Map<String, String> ENV = Map.of("TWITCH_TOKEN_STICKYMAN", TOKEN);
    public static final Duration WAIT = Duration.ofSeconds(60);

    private ShellCrew() {}

    public static String config(String helloResponse, int disabledBots) {
        StringBuilder toml = new StringBuilder("""
                [defaults]
                channels = ["mychannel"]

                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"

                [bots.commands.hello]
                response = "%s"
                """.formatted(helloResponse));
        for (int i = 0; i < disabledBots; i++) {
            String name = String.format(Locale.ROOT, "extra_%05d", i);
            toml.append("\n[[bots]]\nname = \"").append(name).append("\"\ntoken = \"${TWITCH_TOKEN_STICKYMAN}\"\n")
                    .append("enabled = false\nintro_message = \"").append(name).append(" says hi\"\n")
                    .append("[bots.commands.hello]\nresponse = \"").append(helloResponse).append(" from ").append(name).append("\"\n");
        }
        return toml.toString();
    }

    /** Saves by rename, as editors do: a reload never reads half a file. */
    public static void save(Path config, String text) {
        try {
            Path temp = config.resolveSibling(config.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Types {@code !hello} and returns stickyman's answer that contains {@code expected}. */
    public static String ask(HupbotProcess bot, String expected) {
        int from = bot.stdoutSize();
        bot.say("!hello");
        return bot.awaitStdout(from, l -> l.startsWith("[#mychannel] <stickyman> ") && l.contains(expected), WAIT);
    }

    /** Starts {@code hupbot run --chat shell} and waits until it runs. */
    public static HupbotProcess start(Path config, Path data) {
        HupbotProcess bot = HupbotProcess.shell(config, data, ENV);
        try {
            bot.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);
            return bot;
        } catch (RuntimeException | AssertionError e) {
            bot.close();
            throw e;
        }
    }
}
