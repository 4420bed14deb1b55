package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases a split at [[bots]] headers could get wrong, each against a whole-file parse. */
class SplitParseTest {
    private final ConfigLoader split = new ConfigLoader(Loading.ENV);
    private final ConfigLoader whole = new ConfigLoader(Loading.ENV, false);

    private static final String TWO_BOTS = """
            [defaults]
            channels = ["mychannel"]

            [[bots]]
            name = "stickyman"
            token = "${TWITCH_TOKEN_STICKYMAN}"

            [[bots]]
            name = "warden"
            token = "${TWITCH_TOKEN_WARDEN}"
            reply_chance = 1.5
            """;

    @Test
    void aProblemInALaterBotIsReportedAtItsLineInTheFile() {
        assertThat(problems(split, TWO_BOTS)).containsExactly(
                "bots.toml:11:1: error: bots[warden].reply_chance: expected a number between 0.0 and 1.0, got 1.5; set a value in that range")
                .isEqualTo(problems(whole, TWO_BOTS));
    }

    @Test
    void aBotsHeaderInsideAMultiLineStringIsText() {
        String toml = TWO_BOTS.replace("reply_chance = 1.5", "intro_message = \"\"\"\n[[bots]]\nname = \"ghost\"\"\"\"");
        LoadResult result = split.parse("bots.toml", bytes(toml));
        assertThat(result.valid()).as("%s", result.problems()).isTrue();
        assertThat(result.config().bots()).extracting(BotConfig::name).containsExactly("stickyman", "warden");
        assertThat(result.config().bots().get(1).introMessage()).isEqualTo("[[bots]]\nname = \"ghost\"");
    }

    @Test
    void defaultsWrittenAfterTheBotsStillApply() {
        String toml = TWO_BOTS.replace("reply_chance = 1.5", "") + "\n[defaults.ai]\ntemperature = 1.5\n";
        LoadResult result = split.parse("bots.toml", bytes(toml));
        assertThat(result.valid()).as("%s", result.problems()).isTrue();
        assertThat(result.config().bots()).allSatisfy(b -> assertThat(b.ai().temperature()).isEqualTo(1.5));
    }

    @Test
    void aTableRedefinedAcrossBlocksIsTheSameSyntaxErrorAsInAWholeParse() {
        String toml = TWO_BOTS.replace("reply_chance = 1.5", "[defaults]\nreply_chance = 0.5");
        assertThat(problems(split, toml)).isNotEmpty().isEqualTo(problems(whole, toml))
                .allSatisfy(p -> assertThat(p).contains("invalid TOML"));
    }

    @Test
    void crlfFilesAndAFileThatStartsWithABotAreSplitToo() {
        String crlf = TWO_BOTS.replace("\n", "\r\n");
        assertThat(problems(split, crlf)).isEqualTo(problems(whole, crlf)).hasSize(1);
        String first = TWO_BOTS.substring(TWO_BOTS.indexOf("[[bots]]"));
        assertThat(problems(split, first)).isEqualTo(problems(whole, first)).hasSize(3); // no [defaults] channels now: a warning for each bot
    }

    @Test
    void anUnchangedBlockIsNotParsedAgainButAChangedOneIs() {
        LoadResult a = split.parse("bots.toml", bytes(TWO_BOTS));
        assertThat(split.piecesParsedLast()).as("the prelude and two bots, all new").isEqualTo(3);
        LoadResult b = split.parse("bots.toml", bytes(TWO_BOTS.replace("1.5", "0.5")));
        assertThat(split.piecesParsedLast()).as("only the changed bot").isEqualTo(1);
        assertThat(a.valid()).isFalse();
        assertThat(b.valid()).isTrue();
        assertThat(b.config().bots().get(1).replyChance()).isEqualTo(0.5);
        split.parse("bots.toml", bytes("[defaults]\nchannels = [\"otherchannel\"]\n" + TWO_BOTS.substring(TWO_BOTS.indexOf("[[bots]]"))));
        assertThat(split.piecesParsedLast()).as("a new prelude and the bot that changed back").isEqualTo(2);
    }

    private static List<String> problems(ConfigLoader loader, String toml) {
        return loader.parse("bots.toml", bytes(toml)).problems().stream().map(Problem::format).toList();
    }

    private static byte[] bytes(String toml) {
        return toml.getBytes(StandardCharsets.UTF_8);
    }
}
