package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultsMergeTest {
    private static BotsConfig valid(String toml) {
        LoadResult result = Loading.load(toml);
        assertThat(result.problems()).isEmpty();
        assertThat(result.config()).isNotNull();
        return result.config();
    }

    @Test
    void omittedKeysTakeTheDocumentedDefaults() {
        BotConfig bot = Loading.onlyBot(STICKYMAN + """
                [bots.commands.hello]
                response = "Hello {user}!"
                [[bots.timers]]
                message = "Follow!"
                interval_seconds = 900
                """);
        assertThat(bot.enabled()).isTrue();
        assertThat(bot.role()).isEqualTo(Role.CHATTER);
        assertThat(bot.refreshToken()).isNull();
        assertThat(bot.commandPrefix()).isEqualTo("!");
        assertThat(bot.introMessage()).isEmpty();
        assertThat(bot.ignoredUsers()).isEmpty();
        assertThat(bot.replyChance()).isEqualTo(0.0);
        assertThat(bot.minDelayMs()).isEqualTo(1000);
        assertThat(bot.maxDelayMs()).isEqualTo(3000);
        assertThat(bot.ai()).isEqualTo(new AiConfig(AiConfig.DEFAULT_BASE_URL, null, AiConfig.DEFAULT_MODEL,
                AiConfig.DEFAULT_TEMPERATURE, AiConfig.DEFAULT_MAX_TOKENS, AiConfig.DEFAULT_HISTORY_SIZE,
                AiConfig.DEFAULT_HISTORY_TTL_SECONDS, "", List.of(), AiConfig.DEFAULT_TIMEOUT_SECONDS));
        assertThat(bot.ai().timeoutSeconds()).isEqualTo(30);
        assertThat(bot.commands().get("hello")).isEqualTo(
                new CommandConfig("hello", "Hello {user}!", List.of(), 0, 0, Permission.EVERYONE));
        assertThat(bot.timers()).containsExactly(new TimerConfig("Follow!", 900, 0));
        assertThat(bot.moderation()).isNull();
        assertThat(bot.sensitivePaths()).containsExactly("token");
    }

    @Test
    void aModeratorWithoutAModerationTableGetsTheDefaults() {
        BotConfig bot = Loading.onlyBot(STICKYMAN + "role = \"moderator\"\n");
        assertThat(bot.moderation()).isEqualTo(new ModerationConfig(
                List.of(), 30, 600, List.of(Permission.MODERATOR, Permission.BROADCASTER), false));
    }

    @Test
    void scalarDefaultsApplyUnlessTheBotSetsItsOwn() {
        BotsConfig config = valid("""
                [defaults]
                channels = ["mychannel"]
                command_prefix = "?"
                reply_chance = 0.2
                """ + STICKYMAN.replace("channels = [\"mychannel\"]\n", "") + """
                reply_chance = 0.5
                [[bots]]
                name = "warden"
                token = "${TWITCH_TOKEN_WARDEN}"
                """);
        assertThat(config.bots()).extracting(BotConfig::name, BotConfig::commandPrefix, BotConfig::replyChance, BotConfig::channels)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stickyman", "?", 0.5, List.of("mychannel")),
                        org.assertj.core.groups.Tuple.tuple("warden", "?", 0.2, List.of("mychannel")));
    }

    @Test
    void nestedTablesMergeKeyByKey() {
        BotConfig bot = Loading.onlyBot("""
                [defaults.ai]
                api_key = "${OPENROUTER_API_KEY}"
                model = "shared/model"
                temperature = 0.7
                """ + STICKYMAN + """
                [bots.ai]
                temperature = 1.2
                system_prompt = "You are Stickyman."
                """);
        assertThat(bot.ai().model()).isEqualTo("shared/model");
        assertThat(bot.ai().temperature()).isEqualTo(1.2);
        assertThat(bot.ai().systemPrompt()).isEqualTo("You are Stickyman.");
        assertThat(bot.ai().apiKey()).isEqualTo(Secret.of("sk-or-v1-abcdef0123456789"));
        assertThat(bot.ai().usable()).isTrue();
    }

    @Test
    void commandsMergeByNameAndEachCommandKeyByKey() {
        BotConfig bot = Loading.onlyBot("""
                [defaults.commands.lurk]
                response = "Enjoy the lurk, {user}!"
                cooldown_seconds = 30
                permission = "subscriber"
                """ + STICKYMAN + """
                [bots.commands.lurk]
                cooldown_seconds = 5
                [bots.commands.hello]
                response = "Hello!"
                aliases = ["hi"]
                """);
        assertThat(bot.commands()).containsOnlyKeys("lurk", "hello");
        assertThat(bot.commands().get("lurk")).isEqualTo(
                new CommandConfig("lurk", "Enjoy the lurk, {user}!", List.of(), 5, 0, Permission.SUBSCRIBER));
        assertThat(bot.commands().get("hello").aliases()).containsExactly("hi");
    }

    @Test
    void aCommandMissingItsResponseMayTakeItFromDefaults() {
        assertThat(Loading.problems("[defaults.commands.lurk]\nresponse = \"lurk\"\n" + STICKYMAN
                + "[bots.commands.lurk]\ncooldown_seconds = 5\n")).isEmpty();
    }

    @Test
    void listsAndTimersReplaceTheDefaultWhole() {
        BotConfig bot = Loading.onlyBot("""
                [defaults]
                channels = ["mychannel", "otherchannel"]
                [[defaults.timers]]
                message = "Default timer"
                interval_seconds = 600
                """ + STICKYMAN + """
                [[bots.timers]]
                message = "Own timer"
                interval_seconds = 300
                """);
        assertThat(bot.channels()).containsExactly("mychannel");
        assertThat(bot.timers()).containsExactly(new TimerConfig("Own timer", 300, 0));
    }

    @Test
    void timersFromDefaultsApplyToBotsWithoutTheirOwn() {
        BotConfig bot = Loading.onlyBot("[[defaults.timers]]\nmessage = \"Default timer\"\ninterval_seconds = 600\n" + STICKYMAN);
        assertThat(bot.timers()).containsExactly(new TimerConfig("Default timer", 600, 0));
    }

    @Test
    void defaultModerationAppliesToModeratorsOnly() {
        BotsConfig config = valid("""
                [defaults.moderation]
                rules = ["no spam"]
                max_timeout_seconds = 60
                """ + STICKYMAN + """
                [[bots]]
                name = "warden"
                token = "${TWITCH_TOKEN_WARDEN}"
                channels = ["mychannel"]
                role = "moderator"
                [bots.moderation]
                dry_run = true
                """);
        assertThat(config.bot("stickyman").orElseThrow().moderation()).isNull();
        assertThat(config.bot("warden").orElseThrow().moderation()).isEqualTo(new ModerationConfig(
                List.of("no spam"), 30, 60, List.of(Permission.MODERATOR, Permission.BROADCASTER), true));
    }

    @Test
    void roleFromDefaultsDecidesWhetherTheModerationTableIsAllowed() {
        assertThat(Loading.problems("[defaults]\nrole = \"moderator\"\n" + STICKYMAN + "[bots.moderation]\nrules = [\"no spam\"]\n"))
                .isEmpty();
    }

    @Test
    void problemsInDefaultsAreReportedOnceAtTheDefaultsPosition() {
        assertThat(Loading.problems("""
                [defaults.ai]
                temperature = 9.0
                """ + STICKYMAN + """
                [[bots]]
                name = "warden"
                token = "${TWITCH_TOKEN_WARDEN}"
                channels = ["mychannel"]
                """)).containsExactly(
                "bots.toml:2:1: error: defaults.ai.temperature: expected a number between 0.0 and 2.0, got 9.0; set a value in that range");
    }

    @Test
    void aBotOverridingABadDefaultStillLeavesTheFileInvalid() {
        LoadResult result = Loading.load("[defaults]\nreply_chance = 5.0\n" + STICKYMAN + "reply_chance = 0.1\n");
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "bots.toml:2:1: error: defaults.reply_chance: expected a number between 0.0 and 1.0, got 5.0; set a value in that range");
        assertThat(result.config()).isNull();
    }

    @Test
    void botsKeepFileOrder() {
        BotsConfig config = valid(STICKYMAN + """
                [[bots]]
                name = "warden"
                token = "${TWITCH_TOKEN_WARDEN}"
                channels = ["mychannel"]
                """);
        assertThat(config.bots()).extracting(BotConfig::name).containsExactly("stickyman", "warden");
    }
}
