package dev.hupbot.diff;

import static dev.hupbot.diff.Bots.bot;
import static dev.hupbot.diff.Bots.config;
import static dev.hupbot.diff.Bots.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.CommandConfig;
import dev.hupbot.config.ModerationConfig;
import dev.hupbot.config.Permission;
import dev.hupbot.config.Role;
import dev.hupbot.config.Secret;
import dev.hupbot.config.TimerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static final BotConfig STICKYMAN = bot("stickyman");
    private static final BotConfig WARDEN = bot("chat_warden");

    private static ConfigDiff diff(BotConfig before, BotConfig after) {
        return ConfigDiff.between(config(before), config(after));
    }

    @Test
    void aConfigComparedWithItselfHasNoChanges() {
        ConfigDiff diff = ConfigDiff.between(config(STICKYMAN, WARDEN), config(STICKYMAN, WARDEN));

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.summary()).isEqualTo("no changes");
        assertThat(diff.botsChanged()).isZero();
    }

    @Test
    void aTemperatureChangeIsHot() {
        ConfigDiff diff = diff(STICKYMAN, with(STICKYMAN, b -> b.ai.temperature = 0.9));

        assertThat(diff.changes()).containsExactly(new FieldChange(
                "stickyman", "ai.temperature", ChangeKind.CHANGED, "0.7", "0.9", ApplyAction.HOT));
        assertThat(diff.changes().get(0).logLine()).isEqualTo("bot=stickyman ai.temperature: 0.7 -> 0.9 [HOT]");
        assertThat(diff.summary()).isEqualTo("1 change in 1 bot");
    }

    @Test
    void aCommandResponseChangeIsHotAndQuoted() {
        BotConfig before = with(STICKYMAN, b -> b.commands.put("hello", command("hello", "Hello {user}!")));
        BotConfig after = with(before, b -> b.commands.put("hello", command("hello", "Hi \"{user}\"!\n")));

        assertThat(diff(before, after).changes()).containsExactly(new FieldChange(
                "stickyman", "commands.hello.response", ChangeKind.CHANGED,
                "\"Hello {user}!\"", "\"Hi \\\"{user}\\\"!\\n\"", ApplyAction.HOT));
    }

    @Test
    void aChannelChangeRejoinsAndShowsTheChannelsSorted() {
        BotConfig after = with(STICKYMAN, b -> b.channels = List.of("zeta", "mychannel", "alpha"));

        assertThat(diff(STICKYMAN, after).changes()).containsExactly(new FieldChange(
                "stickyman", "channels", ChangeKind.CHANGED,
                "[\"mychannel\"]", "[\"alpha\", \"mychannel\", \"zeta\"]", ApplyAction.REJOIN));
    }

    @Test
    void aTokenChangeReconnectsAndShowsOnlyFingerprints() {
        BotConfig after = with(STICKYMAN, b -> b.token = Secret.of("oauth:brand-new-token"));

        List<FieldChange> changes = diff(STICKYMAN, after).changes();

        assertThat(changes).containsExactly(new FieldChange(
                "stickyman", "token", ChangeKind.CHANGED,
                STICKYMAN.token().redacted(), Secret.of("oauth:brand-new-token").redacted(), ApplyAction.RECONNECT));
        assertThat(changes.get(0).oldValue()).matches("\\*\\*\\*[0-9a-f]{8}");
        assertThat(changes.toString()).doesNotContain("stickyman-token", "brand-new-token");
    }

    @Test
    void flippingEnabledStartsOrStopsTheBot() {
        BotConfig disabled = with(STICKYMAN, b -> b.enabled = false);

        assertThat(diff(STICKYMAN, disabled).changes()).containsExactly(new FieldChange(
                "stickyman", "enabled", ChangeKind.CHANGED, "true", "false", ApplyAction.STOP));
        assertThat(diff(disabled, STICKYMAN).changes()).containsExactly(new FieldChange(
                "stickyman", "enabled", ChangeKind.CHANGED, "false", "true", ApplyAction.START));
    }

    @Test
    void aBotThatIsNotConnectedThroughoutNeitherRejoinsNorReconnects() {
        BotConfig disabled = with(STICKYMAN, b -> b.enabled = false);
        BotConfig startedElsewhere = with(STICKYMAN, b -> {
            b.channels = List.of("otherchannel");
            b.token = Secret.of("oauth:other");
        });
        BotConfig stillDisabled = with(disabled, b -> b.channels = List.of("otherchannel"));

        assertThat(diff(disabled, startedElsewhere).changes())
                .extracting(FieldChange::path, FieldChange::action)
                .containsExactly(
                        tuple("channels", ApplyAction.HOT),
                        tuple("enabled", ApplyAction.START),
                        tuple("token", ApplyAction.HOT));
        assertThat(diff(disabled, stillDisabled).changes())
                .extracting(FieldChange::path, FieldChange::action)
                .containsExactly(tuple("channels", ApplyAction.HOT));
    }

    @Test
    void anAddedBotStartsWhenEnabledAndARemovedOneStops() {
        BotConfig quiet = with(bot("quiet_one"), b -> b.enabled = false);

        ConfigDiff added = ConfigDiff.between(config(STICKYMAN), config(STICKYMAN, WARDEN, quiet));
        ConfigDiff removed = ConfigDiff.between(config(STICKYMAN, WARDEN, quiet), config(STICKYMAN));

        assertThat(added.changes()).containsExactly(
                new FieldChange("chat_warden", "bot", ChangeKind.ADDED, null, null, ApplyAction.START),
                new FieldChange("quiet_one", "bot", ChangeKind.ADDED, null, null, ApplyAction.HOT));
        assertThat(removed.changes()).containsExactly(
                new FieldChange("chat_warden", "bot", ChangeKind.REMOVED, null, null, ApplyAction.STOP),
                new FieldChange("quiet_one", "bot", ChangeKind.REMOVED, null, null, ApplyAction.HOT));
        assertThat(added.changes().get(0).logLine()).isEqualTo("bot=chat_warden (added) [START]");
        assertThat(removed.changes().get(0).logLine()).isEqualTo("bot=chat_warden (removed) [STOP]");
    }

    @Test
    void reorderingBotsAndSetLikeListsIsNoChange() {
        BotConfig before = with(STICKYMAN, b -> {
            b.channels = List.of("a_channel", "b_channel");
            b.ignoredUsers = List.of("nightbot", "streamelements");
            b.commands.put("hello", new CommandConfig("hello", "hi", List.of("hi", "hey"), 0, 0, Permission.EVERYONE));
            b.commands.put("bye", command("bye", "bye"));
        });
        BotConfig after = with(before, b -> {
            b.channels = List.of("b_channel", "a_channel");
            b.ignoredUsers = List.of("streamelements", "nightbot");
            b.commands.clear();
            b.commands.put("bye", command("bye", "bye"));
            b.commands.put("hello", new CommandConfig("hello", "hi", List.of("hey", "hi"), 0, 0, Permission.EVERYONE));
        });

        assertThat(ConfigDiff.between(config(before, WARDEN), config(WARDEN, after)).changes()).isEmpty();
    }

    @Test
    void reorderingFallbackModelsOrRulesIsAChangeBecauseOrderIsMeaningful() {
        BotConfig before = with(WARDEN, b -> {
            b.role = Role.MODERATOR;
            b.ai.fallbackModels = List.of("m1", "m2");
            b.moderation = moderation(List.of("no spam", "no slurs"));
        });
        BotConfig after = with(before, b -> {
            b.ai.fallbackModels = List.of("m2", "m1");
            b.moderation = moderation(List.of("no slurs", "no spam"));
        });

        assertThat(diff(before, after).changes())
                .extracting(FieldChange::path, FieldChange::oldValue, FieldChange::newValue)
                .containsExactly(
                        tuple("ai.fallback_models", "[\"m1\", \"m2\"]", "[\"m2\", \"m1\"]"),
                        tuple("moderation.rules", "[\"no spam\", \"no slurs\"]", "[\"no slurs\", \"no spam\"]"));
    }

    @Test
    void anAddedCommandOrModerationTableListsEachOfItsPathsAsAdded() {
        BotConfig after = with(WARDEN, b -> {
            b.role = Role.MODERATOR;
            b.commands.put("rules", new CommandConfig("rules", "Be nice.", List.of("r"), 10, 30, Permission.VIP));
            b.moderation = moderation(List.of("no spam"));
        });

        assertThat(diff(WARDEN, after).changes())
                .extracting(FieldChange::path, FieldChange::kind, FieldChange::oldValue, FieldChange::newValue)
                .containsExactly(
                        tuple("commands.rules.aliases", ChangeKind.ADDED, null, "[\"r\"]"),
                        tuple("commands.rules.cooldown_seconds", ChangeKind.ADDED, null, "10"),
                        tuple("commands.rules.permission", ChangeKind.ADDED, null, "\"vip\""),
                        tuple("commands.rules.response", ChangeKind.ADDED, null, "\"Be nice.\""),
                        tuple("commands.rules.user_cooldown_seconds", ChangeKind.ADDED, null, "30"),
                        tuple("moderation.check_interval_seconds", ChangeKind.ADDED, null, "30"),
                        tuple("moderation.dry_run", ChangeKind.ADDED, null, "false"),
                        tuple("moderation.exempt_roles", ChangeKind.ADDED, null, "[\"vip\", \"moderator\", \"broadcaster\"]"),
                        tuple("moderation.max_timeout_seconds", ChangeKind.ADDED, null, "60"),
                        tuple("moderation.rules", ChangeKind.ADDED, null, "[\"no spam\"]"),
                        tuple("role", ChangeKind.CHANGED, "\"chatter\"", "\"moderator\""));
        assertThat(diff(after, WARDEN).changes())
                .filteredOn(c -> c.path().startsWith("commands."))
                .extracting(FieldChange::kind, FieldChange::newValue)
                .containsOnly(tuple(ChangeKind.REMOVED, null));
    }

    @Test
    void botsComeInTheNewFilesOrderRemovedLastAndPathsInReadingOrder() {
        List<TimerConfig> timers = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> new TimerConfig("timer " + i, 900, 5))
                .toList();
        BotConfig before = with(STICKYMAN, b -> b.timers = timers);
        BotConfig after = with(before, b -> {
            b.timers = timers.stream().map(t -> new TimerConfig(t.message(), 600, 5)).toList();
            b.ai.temperature = 1.0;
        });
        BotConfig gone = bot("gone_bot");
        BotConfig warden2 = with(WARDEN, b -> b.introMessage = "");

        ConfigDiff diff = ConfigDiff.between(config(gone, WARDEN, before), config(after, warden2));

        assertThat(diff.byBot().keySet()).containsExactly("stickyman", "chat_warden", "gone_bot");
        assertThat(diff.byBot().get("stickyman")).extracting(FieldChange::path).containsExactly(
                "ai.temperature",
                "timers[0].interval_seconds", "timers[1].interval_seconds", "timers[2].interval_seconds",
                "timers[3].interval_seconds", "timers[4].interval_seconds", "timers[5].interval_seconds",
                "timers[6].interval_seconds", "timers[7].interval_seconds", "timers[8].interval_seconds",
                "timers[9].interval_seconds", "timers[10].interval_seconds");
        assertThat(diff.summary()).isEqualTo("14 changes in 3 bots");
        assertThat(diff.botsChanged()).isEqualTo(3);
    }

    @Test
    void absentOptionalSecretsHaveNoPathSoSettingOneIsAnAddition() {
        BotConfig noKey = with(STICKYMAN, b -> b.ai.apiKey = null);
        BotConfig refreshing = with(STICKYMAN, b -> b.refreshToken = Secret.of("refresh-me"));

        assertThat(diff(noKey, STICKYMAN).changes()).containsExactly(new FieldChange(
                "stickyman", "ai.api_key", ChangeKind.ADDED, null, STICKYMAN.ai().apiKey() + "", ApplyAction.HOT));
        assertThat(diff(STICKYMAN, refreshing).changes()).containsExactly(new FieldChange(
                "stickyman", "refresh_token", ChangeKind.ADDED, null, Secret.of("refresh-me").redacted(),
                ApplyAction.HOT));
    }

    @Test
    void aValueFromASecretVariableIsRedactedOnBothSidesEvenIfOnlyOneSideIsSensitive() {
        BotConfig before = with(STICKYMAN, b -> b.ai.baseUrl = "https://plain.example/v1");
        BotConfig after = with(STICKYMAN, b -> {
            b.ai.baseUrl = "https://user:hunter2@private.example/v1";
            b.sensitivePaths = Set.of("ai.base_url");
        });

        List<FieldChange> changes = diff(before, after).changes();

        assertThat(changes).containsExactly(new FieldChange(
                "stickyman", "ai.base_url", ChangeKind.CHANGED,
                Secret.of("https://plain.example/v1").redacted(),
                Secret.of("https://user:hunter2@private.example/v1").redacted(),
                ApplyAction.HOT));
        assertThat(diff(after, before).changes().get(0).oldValue())
                .isEqualTo(Secret.of("https://user:hunter2@private.example/v1").redacted());
    }

    @Test
    void oneSensitiveListItemRedactsTheWholeList() {
        BotConfig before = with(STICKYMAN, b -> {
            b.channels = List.of("mychannel", "hidden_channel");
            b.sensitivePaths = Set.of("channels[1]");
        });
        BotConfig after = with(before, b -> b.channels = List.of("mychannel", "hidden_channel", "third"));

        List<FieldChange> changes = diff(before, after).changes();

        assertThat(changes).extracting(FieldChange::path, FieldChange::action)
                .containsExactly(tuple("channels", ApplyAction.REJOIN));
        assertThat(changes.get(0).oldValue()).matches("\\*\\*\\*[0-9a-f]{8}");
        assertThat(changes.toString()).doesNotContain("hidden_channel");
    }

    @Test
    void aValueThatOnlyBecameSensitiveIsNoChange() {
        BotConfig after = with(STICKYMAN, b -> b.sensitivePaths = Set.of("intro_message"));

        assertThat(diff(STICKYMAN, after).changes()).isEmpty();
    }

    @Test
    void aTokenMovedBetweenBotsShowsTheSameFingerprintOnBothBots() {
        BotConfig a = with(bot("bot_a"), b -> b.token = Secret.of("oauth:first"));
        BotConfig b2 = with(bot("bot_b"), b -> b.token = Secret.of("oauth:second"));
        BotConfig aSwapped = with(a, b -> b.token = Secret.of("oauth:second"));
        BotConfig bSwapped = with(b2, b -> b.token = Secret.of("oauth:first"));

        List<FieldChange> changes = ConfigDiff.between(config(a, b2), config(aSwapped, bSwapped)).changes();

        assertThat(changes.get(0).oldValue()).isEqualTo(changes.get(1).newValue());
        assertThat(changes.get(0).newValue()).isEqualTo(changes.get(1).oldValue());
    }

    @Test
    void numbersPrintWithoutSpuriousDigits() {
        assertThat(Values.number(0.7)).isEqualTo("0.7");
        assertThat(Values.number(1)).isEqualTo("1.0");
        assertThat(Values.number(0.25)).isEqualTo("0.25");
        assertThat(Values.number(2e-3)).isEqualTo("0.002");
        assertThat(Values.number(1e-7)).isEqualTo("1.0E-7");
        assertThat(Values.number(2e23)).isEqualTo("2.0E23");
        assertThat(Values.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(Values.number(-0.0)).isEqualTo("-0.0");
    }

    @Test
    void byBotGroupsInDiffOrder() {
        BotConfig after = with(STICKYMAN, b -> {
            b.ai.temperature = 0.9;
            b.replyChance = 0.5;
        });
        ConfigDiff diff = ConfigDiff.between(config(STICKYMAN), config(after, WARDEN));

        Map<String, List<FieldChange>> byBot = diff.byBot();

        assertThat(byBot.keySet()).containsExactly("stickyman", "chat_warden");
        assertThat(byBot.get("stickyman")).extracting(FieldChange::path).containsExactly("ai.temperature", "reply_chance");
        assertThat(diff.summary()).isEqualTo("3 changes in 2 bots");
    }

    static CommandConfig command(String name, String response) {
        return new CommandConfig(name, response, List.of(), 0, 0, Permission.EVERYONE);
    }

    static ModerationConfig moderation(List<String> rules) {
        return new ModerationConfig(
                rules, 30, 60, List.of(Permission.MODERATOR, Permission.VIP, Permission.BROADCASTER), false);
    }
}
