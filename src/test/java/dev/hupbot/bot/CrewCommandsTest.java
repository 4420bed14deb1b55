package dev.hupbot.bot;

import static dev.hupbot.bot.TestBots.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.LoadResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A {@code [defaults.commands]} command is the crew's: one answer per line, not one per bot. */
class CrewCommandsTest {
    private static final String FILE = """
            [defaults]
            channels = ["mychannel"]
            [defaults.commands.lurk]
            response = "Enjoy the lurk, {user}!"
            [defaults.commands.so]
            response = "Go follow {args}!"

            [[bots]]
            name = "sleepy"
            token = "t1"
            enabled = false

            [[bots]]
            name = "elsewhere"
            token = "t2"
            channels = ["otherchannel"]

            [[bots]]
            name = "stickyman"
            token = "t3"

            [[bots]]
            name = "pixel"
            token = "t4"
            [bots.commands.so]
            response = "pixel says: follow {args}"

            [[bots]]
            name = "chat_warden"
            token = "t5"
            """;

    private final MutableClock clock = MutableClock.start();
    private final BotsConfig crew = load(FILE);

    private static BotsConfig load(String text) {
        LoadResult loaded = new ConfigLoader(Map.of()).parse("bots.toml", text.getBytes(StandardCharsets.UTF_8));
        assertThat(loaded.errors()).isEmpty();
        return Objects.requireNonNull(loaded.config());
    }

    /** Each bot handles the line with its own handler, as each receives it on its own connection. */
    private List<String> answers(String channel, String text) {
        List<String> out = new ArrayList<>();
        for (BotConfig bot : crew.bots()) {
            new CommandHandler(clock).handle(bot, line(channel, "viewer", text), crew)
                    .ifPresent(reply -> out.add(bot.name() + ": " + reply));
        }
        return out;
    }

    @Test
    void theFirstEnabledBotInTheChannelAnswersACrewCommand() {
        assertThat(answers("mychannel", "!lurk")).containsExactly("stickyman: Enjoy the lurk, Viewer!");
    }

    @Test
    void eachChannelHasItsOwnFirstBot() {
        assertThat(answers("otherchannel", "!lurk")).containsExactly("elsewhere: Enjoy the lurk, Viewer!");
    }

    @Test
    void aBotThatDefinesTheCommandItselfAnswersAsItsOwn() {
        assertThat(answers("mychannel", "!so somebody"))
                .containsExactly("stickyman: Go follow somebody!", "pixel: pixel says: follow somebody");
    }

    @Test
    void marksWhichCommandsAreTheCrews() {
        BotConfig pixel = crew.byName().get("pixel");
        assertThat(pixel.commands().get("lurk").crew()).isTrue();
        assertThat(pixel.commands().get("so").crew()).isFalse();
    }

    @Test
    void aBotAloneStillAnswersItsCrewCommands() {
        BotConfig stickyman = crew.byName().get("stickyman");
        assertThat(new CommandHandler(clock).handle(stickyman, line("mychannel", "viewer", "!lurk")))
                .contains("Enjoy the lurk, Viewer!");
    }
}
