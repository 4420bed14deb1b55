package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static dev.hupbot.config.Loading.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueProblemsTest {
    /** Stickyman with the given lines appended to its [[bots]] table, from line 5 on. */
    private static String bot(String lines) {
        return STICKYMAN + lines;
    }

    @Test
    void temperatureOfTheWrongTypeOrOutOfRange() {
        assertThat(problems(bot("[bots.ai]\ntemperature = \"hot\"\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got string \"hot\"; write a number without quotes, e.g. temperature = 1.0");
        assertThat(problems(bot("[bots.ai]\ntemperature = 2.5\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got 2.5; set a value in that range");
        assertThat(problems(bot("[bots.ai]\ntemperature = -1\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got -1; set a value in that range");
        assertThat(problems(bot("[bots.ai]\ntemperature = nan\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got NaN; set a value in that range");
    }

    @Test
    void wholeNumberTemperatureIsANumberToo() {
        assertThat(Loading.onlyBot(bot("[bots.ai]\ntemperature = 2\n")).ai().temperature()).isEqualTo(2.0);
    }

    @Test
    void maxTokensMustBeAWholeNumberFromOneTo4000() {
        assertThat(problems(bot("[bots.ai]\nmax_tokens = 5000\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.max_tokens: expected a whole number between 1 and 4000, got 5000; set a value in that range");
        assertThat(problems(bot("[bots.ai]\nmax_tokens = 0\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.max_tokens: expected a whole number between 1 and 4000, got 0; set a value in that range");
        assertThat(problems(bot("[bots.ai]\nmax_tokens = 100.5\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.max_tokens: expected a whole number between 1 and 4000, got float 100.5; write a whole number without quotes, e.g. max_tokens = 1");
    }

    @Test
    void aViewersAiCooldownIsBetweenZeroAndAnHour() {
        assertThat(problems(bot("""
                [bots.ai]
                user_cooldown_seconds = 3601
                """))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.user_cooldown_seconds: expected a whole number between 0 and 3600, got 3601; set a value in that range");
        assertThat(problems(bot("[bots.ai]\nuser_cooldown_seconds = -1\n"))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.user_cooldown_seconds: expected a whole number between 0 and 3600, got -1; set a value in that range");
        assertThat(problems(bot("[bots.ai]\nuser_cooldown_seconds = 0\n"))).isEmpty();
    }

    @Test
    void positiveSizesTtlsTimeoutsAndIntervals() {
        assertThat(problems(bot("""
                [bots.ai]
                history_size = 0
                history_ttl_seconds = 0
                timeout_seconds = -5
                [[bots.timers]]
                message = "Follow!"
                interval_seconds = 0
                min_chat_lines = -1
                """))).containsExactly(
                "bots.toml:6:1: error: bots[stickyman].ai.history_size: expected a whole number between 1 and 1000, got 0; set a value in that range",
                "bots.toml:7:1: error: bots[stickyman].ai.history_ttl_seconds: expected a whole number of at least 1, got 0; set a value in that range",
                "bots.toml:8:1: error: bots[stickyman].ai.timeout_seconds: expected a whole number of at least 1, got -5; set a value in that range",
                "bots.toml:11:1: error: bots[stickyman].timers[0].interval_seconds: expected a whole number of at least 1, got 0; set a value in that range",
                "bots.toml:12:1: error: bots[stickyman].timers[0].min_chat_lines: expected a whole number between 0 and 1000000, got -1; set a value in that range");
    }

    @Test
    void replyChanceIsAProbability() {
        assertThat(problems(bot("reply_chance = 1.5\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].reply_chance: expected a number between 0.0 and 1.0, got 1.5; set a value in that range");
    }

    @Test
    void delaysAreNonNegativeAndOrdered() {
        assertThat(problems(bot("min_delay_ms = -1\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].min_delay_ms: expected a whole number of at least 0, got -1; set a value in that range");
        assertThat(problems(bot("min_delay_ms = 5000\nmax_delay_ms = 2000\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].min_delay_ms: min_delay_ms (5000) is greater than max_delay_ms (2000);"
                        + " make min_delay_ms at most max_delay_ms");
        assertThat(problems(bot("max_delay_ms = 500\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].min_delay_ms: min_delay_ms (1000, the default) is greater than"
                        + " max_delay_ms (500); make min_delay_ms at most max_delay_ms");
    }

    @Test
    void delaysFromDefaultsAndTheBotAreComparedTogether() {
        assertThat(problems("[defaults]\nmin_delay_ms = 4000\n" + bot("max_delay_ms = 3000\n"))).containsExactly(
                "bots.toml:2:1: error: bots[stickyman].min_delay_ms: min_delay_ms (4000) is greater than max_delay_ms (3000);"
                        + " make min_delay_ms at most max_delay_ms");
    }

    @Test
    void booleansAndLists() {
        assertThat(problems(STICKYMAN.replace("channels = [\"mychannel\"]", "channels = \"mychannel\"") + "enabled = \"yes\"\n"))
                .containsExactly(
                        "bots.toml:4:1: error: bots[stickyman].channels: expected a list of strings, got string \"mychannel\";"
                                + " write [\"mychannel\"]",
                        "bots.toml:5:1: error: bots[stickyman].enabled: expected true or false, got string \"yes\"; write true or false without quotes");
        assertThat(problems(STICKYMAN.replace("[\"mychannel\"]", "[\"mychannel\", 5]"))).containsExactly(
                "bots.toml:4:26: error: bots[stickyman].channels: expected a string in the list, got integer 5; put each item in double quotes");
    }

    @Test
    void botNameMustBeATwitchLogin() {
        assertThat(problems(STICKYMAN.replace("\"stickyman\"", "\"StickyMan\""))).containsExactly(
                "bots.toml:2:1: error: bots[0].name: \"StickyMan\" is not a valid Twitch login; use lower case: name = \"stickyman\"");
        assertThat(problems(STICKYMAN.replace("\"stickyman\"", "\"sticky man\""))).containsExactly(
                "bots.toml:2:1: error: bots[0].name: \"sticky man\" is not a valid Twitch login;"
                        + " use 3 to 25 lower-case letters, digits or _");
        assertThat(problems(STICKYMAN.replace("\"stickyman\"", "\"st\""))).containsExactly(
                "bots.toml:2:1: error: bots[0].name: \"st\" is not a valid Twitch login; use 3 to 25 lower-case letters, digits or _");
    }

    @Test
    void aMissingNameUsesTheBotsIndex() {
        assertThat(problems(STICKYMAN + """
                [[bots]]
                token = "${TWITCH_TOKEN_WARDEN}"
                channels = ["mychannel"]
                """)).containsExactly("bots.toml:5:1: error: bots[1]: missing name; add name = \"your_bot_login\"");
    }

    @Test
    void channelsAreLoginsWithAnOptionalHash() {
        assertThat(problems(STICKYMAN.replace("[\"mychannel\"]", "[\"#MyChannel\", \"my channel\"]"))).containsExactly(
                "bots.toml:4:13: error: bots[stickyman].channels: channel \"#MyChannel\" is not a valid Twitch channel name;"
                        + " use lower case: \"mychannel\"",
                "bots.toml:4:27: error: bots[stickyman].channels: channel \"my channel\" is not a valid Twitch channel name;"
                        + " use 3 to 25 lower-case letters, digits or _ (a leading # is allowed)");
    }

    @Test
    void theSameChannelTwiceIsAnError() {
        assertThat(problems(STICKYMAN.replace("[\"mychannel\"]", "[\"mychannel\", \"#mychannel\"]"))).containsExactly(
                "bots.toml:4:26: error: bots[stickyman].channels: \"mychannel\" is listed twice; remove one");
    }

    @Test
    void channelsAreStoredLowerCaseWithoutTheHash() {
        assertThat(Loading.onlyBot(STICKYMAN.replace("[\"mychannel\"]", "[\"#mychannel\", \"other_chan\"]")).channels())
                .containsExactly("mychannel", "other_chan");
    }

    @Test
    void ignoredUsersAreNormalisedToLogins() {
        assertThat(Loading.onlyBot(bot("ignored_users = [\"@Nightbot\", \"streamelements\"]\n")).ignoredUsers())
                .containsExactly("nightbot", "streamelements");
        assertThat(problems(bot("ignored_users = [\"night bot\"]\n"))).containsExactly(
                "bots.toml:5:18: error: bots[stickyman].ignored_users: user \"night bot\" is not a valid Twitch login;"
                        + " use letters, digits or _ (up to 25)");
    }

    @Test
    void roleIsChatterOrModerator() {
        assertThat(problems(bot("role = \"admin\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].role: unknown role \"admin\"; use \"chatter\" or \"moderator\"");
        assertThat(problems(bot("role = \"Moderater\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].role: unknown role \"Moderater\"; did you mean \"moderator\"?");
    }

    @Test
    void presenceIsAlwaysOrLive() {
        assertThat(problems(bot("presence = \"online\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].presence: unknown presence \"online\"; use \"always\" or \"live\"");
        assertThat(problems(bot("presence = \"lve\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].presence: unknown presence \"lve\"; did you mean \"live\"?");
    }

    @Test
    void permissionIsOneOfFive() {
        assertThat(problems(bot("[bots.commands.hello]\nresponse = \"hi\"\npermission = \"mods\"\n"))).containsExactly(
                "bots.toml:7:1: error: bots[stickyman].commands.hello.permission: unknown permission \"mods\";"
                        + " use \"everyone\", \"subscriber\", \"vip\", \"moderator\" or \"broadcaster\"");
        assertThat(problems(bot("[bots.commands.hello]\nresponse = \"hi\"\npermission = \"vips\"\n"))).containsExactly(
                "bots.toml:7:1: error: bots[stickyman].commands.hello.permission: unknown permission \"vips\"; did you mean \"vip\"?");
    }

    @Test
    void exemptRolesArePermissionsButNotEveryone() {
        String moderator = bot("role = \"moderator\"\n[bots.moderation]\nexempt_roles = [\"vip\", \"everyone\", \"staff\"]\n");
        assertThat(problems(moderator)).containsExactly(
                "bots.toml:7:24: error: bots[stickyman].moderation.exempt_roles: exempting \"everyone\" would switch moderation off;"
                        + " list only \"subscriber\", \"vip\", \"moderator\" or \"broadcaster\", or set dry_run = true to watch without acting",
                "bots.toml:7:36: error: bots[stickyman].moderation.exempt_roles: unknown exempt role \"staff\";"
                        + " use \"subscriber\", \"vip\", \"moderator\" or \"broadcaster\"");
    }

    @Test
    void moderationTableNeedsAModerator() {
        assertThat(problems(bot("[bots.moderation]\nrules = [\"no spam\"]\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].moderation: [bots.moderation] needs role = \"moderator\";"
                        + " set role = \"moderator\" or remove the table");
    }

    @Test
    void moderationRangesAndRules() {
        assertThat(problems(bot("""
                role = "moderator"
                [bots.moderation]
                rules = ["no spam", " "]
                check_interval_seconds = 0
                max_timeout_seconds = 1209601
                dry_run = "no"
                """))).containsExactly(
                "bots.toml:7:21: error: bots[stickyman].moderation.rules: empty rule; write the rule as a sentence, e.g. \"no spam\", or remove it",
                "bots.toml:8:1: error: bots[stickyman].moderation.check_interval_seconds: expected a whole number of at least 1, got 0; set a value in that range",
                "bots.toml:9:1: error: bots[stickyman].moderation.max_timeout_seconds: expected a whole number between 1 and 1209600, got 1209601; set a value in that range",
                "bots.toml:10:1: error: bots[stickyman].moderation.dry_run: expected true or false, got string \"no\"; write true or false without quotes");
    }

    @Test
    void commandNamesAndAliasesAreLowerCaseWords() {
        assertThat(problems(bot("""
                [bots.commands."!hello"]
                response = "hi"
                [bots.commands."say hi"]
                response = "hi"
                [bots.commands.lurk]
                response = "lurk"
                aliases = ["Hide"]
                """))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].commands: invalid command name \"!hello\"; write it as \"hello\""
                        + " (lower case, without the prefix; command_prefix adds it)",
                "bots.toml:7:1: error: bots[stickyman].commands: invalid command name \"say hi\"; use lower-case letters, digits, _ or -",
                "bots.toml:11:12: error: bots[stickyman].commands.lurk.aliases: invalid command name \"Hide\"; write it as \"hide\""
                        + " (lower case, without the prefix; command_prefix adds it)");
    }

    @Test
    void aliasesMustNotCollide() {
        assertThat(problems(bot("""
                [bots.commands.hello]
                response = "Hello!"
                aliases = ["hi", "hello", "lurk"]
                [bots.commands.lurk]
                response = "Enjoy the lurk"
                [bots.commands.greet]
                response = "Greetings"
                aliases = ["hi"]
                """))).containsExactly(
                "bots.toml:7:1: error: bots[stickyman].commands.hello.aliases: alias \"hello\" repeats the command's own name; remove it",
                "bots.toml:7:1: error: bots[stickyman].commands.hello.aliases: alias \"lurk\" is also the name of command \"lurk\";"
                        + " remove the alias or rename the command",
                "bots.toml:12:1: error: bots[stickyman].commands.greet.aliases: alias \"hi\" is also an alias of command \"hello\";"
                        + " keep it on one command only");
    }

    @Test
    void commandsNeedAResponseAndTimersAMessageAndInterval() {
        assertThat(problems(bot("""
                [bots.commands.hello]
                cooldown_seconds = -1
                [bots.commands.bye]
                response = ""
                [[bots.timers]]
                min_chat_lines = 3
                """))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].commands.hello: missing response; add response = \"...\""
                        + " (placeholders: {user} {channel} {args} {bot})",
                "bots.toml:6:1: error: bots[stickyman].commands.hello.cooldown_seconds: expected a whole number of at least 0, got -1; set a value in that range",
                "bots.toml:8:1: error: bots[stickyman].commands.bye.response: empty message; write the text to send, or remove the entry",
                "bots.toml:9:1: error: bots[stickyman].timers[0]: missing message; add message = \"Follow the channel!\"",
                "bots.toml:9:1: error: bots[stickyman].timers[0]: missing interval_seconds; add interval_seconds = 900");
    }

    @Test
    void chatTextLongerThanTwitchAllowsIsRefused() {
        String longText = "a".repeat(501);
        assertThat(problems(bot("intro_message = \"" + longText + "\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].intro_message: is 501 characters long;"
                        + " Twitch refuses chat messages over 500, shorten it");
        assertThat(problems(bot("intro_message = \"" + "é".repeat(500) + "\"\n"))).isEmpty();
    }

    @Test
    void aiEndpointModelAndPrefix() {
        assertThat(problems(bot("""
                command_prefix = ""
                [bots.ai]
                base_url = "openrouter.ai/api/v1"
                model = " "
                fallback_models = ["x/y", ""]
                """))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].command_prefix: expected a non-empty prefix without spaces, got \"\";"
                        + " e.g. command_prefix = \"!\"",
                "bots.toml:7:1: error: bots[stickyman].ai.base_url: expected an http:// or https:// URL, got \"openrouter.ai/api/v1\";"
                        + " e.g. base_url = \"https://openrouter.ai/api/v1\"",
                "bots.toml:8:1: error: bots[stickyman].ai.model: model name is empty; name a model, e.g. \"deepseek/deepseek-chat\"",
                "bots.toml:9:27: error: bots[stickyman].ai.fallback_models: model name is empty; name a model, e.g. \"deepseek/deepseek-chat\"");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        assertThat(problems(bot("role = \"" + "x".repeat(60) + "\"\n"))).containsExactly(
                "bots.toml:5:1: error: bots[stickyman].role: unknown role \"" + "x".repeat(40) + "...\"; use \"chatter\" or \"moderator\"");
    }
}
