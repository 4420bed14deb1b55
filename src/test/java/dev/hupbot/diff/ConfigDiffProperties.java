package dev.hupbot.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the field diff over generated configs. Tries are kept low (250 for the main
 * property, fewer for the others): a generated config costs about a millisecond of CPU per bot,
 * and these run in every build.
 */
class ConfigDiffProperties {

    /** A config, an edited copy, and the bot:path pairs the edits must show up as. */
    record Edited(BotsConfig before, BotsConfig after, Set<String> expected) {}

    @Property(tries = 150)
    void aConfigDiffedWithItselfOrAnEqualCopyIsEmpty(@ForAll("configs") BotsConfig config) {
        BotsConfig copy = new BotsConfig(config.bots().stream().map(b -> Bots.with(b, d -> {})).toList());

        assertThat(ConfigDiff.between(config, config).changes()).isEmpty();
        assertThat(ConfigDiff.between(config, copy).changes()).isEmpty();
        for (BotConfig bot : config.bots()) {
            assertThat(BotFields.of(bot)).isEqualTo(BotFields.of(Bots.with(bot, d -> {})));
        }
    }

    @Property(tries = 250)
    void theDiffOfAnEditedConfigListsExactlyTheEditedPaths(@ForAll("edited") Edited edited) {
        ConfigDiff diff = ConfigDiff.between(edited.before(), edited.after());

        List<String> reported = diff.changes().stream().map(c -> c.bot() + ":" + c.path()).toList();
        assertThat(reported).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(edited.expected());
    }

    @Property(tries = 100)
    void skippingEqualSectionsFindsWhatFlatteningEverythingFinds(@ForAll("edited") Edited edited) {
        Map<String, BotConfig> before = edited.before().byName();
        for (BotConfig after : edited.after().bots()) {
            BotConfig old = before.get(after.name());
            if (old != null) {
                BotFields.Sides everything = new BotFields.Sides(BotFields.of(old), BotFields.of(after));
                assertThat(ConfigDiff.fieldChanges(old, after, BotFields.differing(old, after)))
                        .isEqualTo(ConfigDiff.fieldChanges(old, after, everything));
            }
        }
    }

    @Property(tries = 100)
    void noSecretAppearsInTheDiffInAnyForm(@ForAll("edited") Edited edited) {
        ConfigDiff diff = ConfigDiff.between(edited.before(), edited.after());
        String shown = diff.changes() + DiffFormat.human(diff) + DiffFormat.json(diff)
                + diff.changes().stream().map(FieldChange::logLine).toList();

        Stream.concat(edited.before().bots().stream(), edited.after().bots().stream())
                .flatMap(b -> Stream.of(b.token(), b.refreshToken(), b.ai().apiKey()))
                .filter(s -> s != null)
                .map(Secret::reveal)
                .forEach(secret -> assertThat(shown).doesNotContain(secret.substring(BotArbitraries.SECRET_PREFIX.length())));
    }

    @Property(tries = 100)
    void changesComeInNewFileOrderThenRemovedBotsAndSortedWithinABot(@ForAll("edited") Edited edited) {
        ConfigDiff diff = ConfigDiff.between(edited.before(), edited.after());
        List<String> names = new ArrayList<>(edited.after().byName().keySet());
        edited.before().bots().stream().map(BotConfig::name).filter(n -> !names.contains(n)).forEach(names::add);

        List<String> botOrder = new ArrayList<>(diff.byBot().keySet());
        assertThat(botOrder).isSortedAccordingTo((a, b) -> Integer.compare(names.indexOf(a), names.indexOf(b)));
        for (List<FieldChange> changes : diff.byBot().values()) {
            assertThat(changes).extracting(FieldChange::path).isSortedAccordingTo(PathOrder.INSTANCE);
        }
    }

    @Provide
    Arbitrary<BotsConfig> configs() {
        return BotArbitraries.configs();
    }

    @Provide
    Arbitrary<Edited> edited() {
        return BotArbitraries.configs().flatMap(config -> {
            int n = config.bots().size();
            Arbitrary<List<Set<Mutation>>> perBot = Arbitraries.of(Mutation.class).set().ofMaxSize(4).list().ofSize(n);
            Arbitrary<List<Boolean>> removed = Arbitraries.of(true, false).list().ofSize(n);
            return Combinators.combine(perBot, removed, Arbitraries.of(true, false), Arbitraries.of(true, false))
                    .as((mutations, remove, addBot, reverse) -> edit(config, mutations, remove, addBot, reverse));
        });
    }

    private static Edited edit(
            BotsConfig config, List<Set<Mutation>> mutations, List<Boolean> remove, boolean addBot, boolean reverse) {
        List<BotConfig> bots = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < config.bots().size(); i++) {
            BotConfig bot = config.bots().get(i);
            // Removing every bot is fine for the diff; only rarely remove, to keep edits common.
            if (remove.get(i) && i % 3 == 0) {
                expected.add(bot.name() + ":bot");
                continue;
            }
            Mutation.Snapshot snapshot = new Mutation.Snapshot(
                    bot.commands().keySet().stream().sorted().toList(), bot.ai().fallbackModels());
            Set<Mutation> edits = mutations.get(i);
            bots.add(Bots.with(bot, draft -> {
                for (Mutation mutation : edits) {
                    mutation.apply(draft, snapshot).forEach(path -> expected.add(bot.name() + ":" + path));
                }
            }));
        }
        if (addBot) {
            String name = Mutation.unused("zz_new_bot", new ArrayList<>(config.byName().keySet()));
            bots.add(Bots.bot(name));
            expected.add(name + ":bot");
        }
        if (reverse) {
            Collections.reverse(bots);
        }
        return new Edited(config, new BotsConfig(bots), expected);
    }
}
