package dev.hupbot.reload;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A valid {@code bots.toml} that uses every kind of table and key (defaults, ai, commands, timers,
 * moderation, secrets from variables, one multi-line prompt), with a few values that vary so two
 * valid files usually differ. The mutations of {@link TextMutation} work on its lines.
 */
record TortureConfig(int bots, double temperature, String response, int interval, double replyChance, boolean moderator) {

    static final String API_KEY = "sk-or-torture-0f1e2d3c4b5a69788796a5b4";
    static final String TOKEN_PREFIX = "oauth:torture-s3cret-";
    static final List<String> NAMES = List.of("stickyman", "professor_pebble", "sleepy_llama", "chat_warden");

    /** The variables the file refers to; every value is a secret the run must never show. */
    static Map<String, String> env() {
        return Map.of(
                "OPENROUTER_API_KEY", API_KEY,
                "TWITCH_TOKEN_STICKYMAN", TOKEN_PREFIX + "a1b2c3d4e5",
                "TWITCH_TOKEN_PROFESSOR_PEBBLE", TOKEN_PREFIX + "f6a7b8c9d0",
                "TWITCH_TOKEN_SLEEPY_LLAMA", TOKEN_PREFIX + "1a2b3c4d5e",
                "TWITCH_TOKEN_CHAT_WARDEN", TOKEN_PREFIX + "6f7a8b9c0d");
    }

    String text() {
        StringBuilder toml = new StringBuilder("""
                # generated for the reload torture test
                [defaults]
                channels = ["mychannel"]
                command_prefix = "!"
                ignored_users = ["nightbot"]
                reply_chance = %s
                min_delay_ms = 1000
                max_delay_ms = 3000

                [defaults.ai]
                base_url = "https://openrouter.ai/api/v1"
                api_key = "${OPENROUTER_API_KEY}"
                model = "deepseek/deepseek-chat"
                temperature = 0.7
                max_tokens = 150
                history_size = 10
                history_ttl_seconds = 600
                timeout_seconds = 30

                [defaults.commands.lurk]
                response = "Enjoy the lurk, {user}!"
                cooldown_seconds = 30
                user_cooldown_seconds = 300
                """.formatted(number(replyChance)));
        for (int i = 0; i < bots; i++) {
            String name = NAMES.get(i);
            boolean mod = moderator && i == bots - 1;
            toml.append("""

                    [[bots]]
                    name = "%s"
                    token = "${TWITCH_TOKEN_%s}"
                    enabled = true
                    role = "%s"
                    channels = ["mychannel", "otherchannel"]
                    intro_message = "%s is here"

                    [bots.ai]
                    temperature = %s
                    fallback_models = ["meta-llama/llama-3.3-70b-instruct"]
                    system_prompt = \"\"\"
                    You are %s, a regular of this chat.
                    Keep replies short and kind.\"\"\"

                    [bots.commands.hello]
                    response = "%s {user} from %s"
                    aliases = ["hi", "hey"]
                    cooldown_seconds = 10
                    permission = "everyone"

                    [[bots.timers]]
                    message = "Follow the channel!"
                    interval_seconds = %d
                    min_chat_lines = 5
                    """.formatted(name, name.toUpperCase(Locale.ROOT), mod ? "moderator" : "chatter", name,
                    number(temperature), name, response, name, interval));
            if (mod) {
                toml.append("""

                        [bots.moderation]
                        rules = ["no spam", "no slurs"]
                        check_interval_seconds = 30
                        max_timeout_seconds = 600
                        exempt_roles = ["moderator", "vip"]
                        dry_run = true
                        """);
            }
        }
        return toml.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
