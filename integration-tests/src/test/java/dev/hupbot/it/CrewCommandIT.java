package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example crew shares {@code !lurk} through {@code [defaults.commands]}: one line, one answer. */
class CrewCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("config", ".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    @Test
    void aCrewCommandIsAnsweredOnceByTheFirstBotOfTheFile() throws IOException {
        Path config = Files.copy(Path.of("config", "bots.toml"), dir.resolve("bots.toml"));
        try (HupbotProcess crew = HupbotProcess.shell(config, dir.resolve("data"), envExample())) {
            crew.awaitStderr(0, l -> l.contains("hupbot running"), WAIT);

            crew.say("!lurk");
            crew.awaitStdout(0, l -> l.contains("Enjoy the lurk"), WAIT);
            // stickyman answers !hello only after it has handled !lurk: by then every bot has seen it.
            crew.say("!hello");
            crew.awaitStdout(0, l -> l.contains("<stickyman> Hello viewer!"), WAIT);

            assertThat(crew.stdout().stream().filter(l -> l.contains("Enjoy the lurk")))
                    .containsExactly("[#mychannel] <stickyman> Enjoy the lurk, viewer! We'll keep the chat warm.");
        }
    }
}
