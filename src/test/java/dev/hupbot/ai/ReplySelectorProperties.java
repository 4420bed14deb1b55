package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.bot.TestBots;
import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class ReplySelectorProperties {
    private static final String URL = "http://127.0.0.1:1/v1";
    private static final List<String> NAMES = List.of("stickyman", "professor_pebble", "sleepy_llama", "chat_warden");

    private static BotsConfig crew(List<Double> chances) {
        List<BotConfig> bots = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            bots.add(TestBots.bot(NAMES.get(i)).replyChance(chances.get(i)).ai(TestAi.ai(URL, "persona " + i)).build());
        }
        return new BotsConfig(bots);
    }

    @Provide
    Arbitrary<List<Double>> chances() {
        Arbitrary<Double> chance = Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 1.0));
        return chance.list().ofSize(NAMES.size());
    }

    @Provide
    Arbitrary<String> plainText() {
        return Combinators.combine(Arbitraries.of("hello", "what a play", "lol", "gg", "anyone here?"),
                Arbitraries.strings().alpha().ofMaxLength(8)).as((a, b) -> a + " " + b)
                .filter(t -> NAMES.stream().noneMatch(n -> Mentions.names(t, n)));
    }

    @Property(tries = 500)
    void aLineNamingNoBotGetsAtMostOneAnswer(@ForAll("chances") List<Double> chances, @ForAll("plainText") String text,
            @ForAll long seed) {
        ChatMessage line = TestAi.line("viewer", text);

        assertThat(ReplySelector.choose(crew(chances), line, new SplittableRandom(seed))).hasSizeLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void aLineFromACrewBotNamingNoBotIsNeverAnswered(@ForAll("chances") List<Double> chances,
            @ForAll("plainText") String text, @ForAll long seed) {
        for (String bot : NAMES) {
            assertThat(ReplySelector.choose(crew(chances), TestAi.line(bot, text), new SplittableRandom(seed))).isEmpty();
        }
    }

    @Provide
    Arbitrary<List<String>> someNames() {
        return Arbitraries.subsetOf(NAMES).ofMinSize(1).map(set -> NAMES.stream().filter(set::contains).toList());
    }

    @Property(tries = 200)
    void aLineNamingBotsIsAnsweredByExactlyThoseBots(@ForAll("chances") List<Double> chances,
            @ForAll("someNames") List<String> named, @ForAll long seed) {
        String text = "hey @" + String.join(" and ", named) + " what's up";

        List<String> chosen = ReplySelector.choose(crew(chances), TestAi.line("viewer", text), new SplittableRandom(seed));

        assertThat(chosen).containsExactlyElementsOf(named);
    }

    @Property(tries = 10)
    void eachBotAnswersAboutItsChanceOfLinesNamingNoBot(@ForAll @DoubleRange(min = 0.05, max = 0.95) double chance,
            @ForAll long seed) {
        BotsConfig alone = new BotsConfig(List.of(
                TestBots.bot("stickyman").replyChance(chance).ai(TestAi.ai(URL, "persona")).build()));
        SplittableRandom random = new SplittableRandom(seed);
        int answered = 0;
        int lines = 4000;
        for (int i = 0; i < lines; i++) {
            answered += ReplySelector.choose(alone, TestAi.line("viewer", "gg"), random).size();
        }
        // 4000 draws: the standard deviation of the rate is at most 0.008; 0.05 is over six of them.
        assertThat((double) answered / lines).isCloseTo(chance, org.assertj.core.data.Offset.offset(0.05));
    }

    @Property(tries = 100)
    void aBotNeverAnswersItself(@ForAll("chances") List<Double> chances, @ForAll long seed) {
        for (String bot : NAMES) {
            assertThat(ReplySelector.choose(crew(chances), TestAi.line(bot, "I am " + bot), new SplittableRandom(seed)))
                    .doesNotContain(bot);
        }
    }
}
