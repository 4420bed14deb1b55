package dev.hupbot.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Loads a small built-in file, so that a one-shot command that loads a bots file
 * ({@code check}, {@code diff}) finds the loader warm. Most of a {@code check}'s own
 * time is first-use cost, not work: tomlj's ANTLR lexer and parser build their shared decision
 * tables on first sight of each construct, and every validation path is interpreted once (a
 * second load of the same file takes a quarter of the first). The command line calls
 * {@link #load} on a second thread while its main thread is still building the command.
 */
public final class WarmUp {
    /** Every kind of table and value the example crew uses; the values mean nothing. */
    private static final String SAMPLE = """
            # comment
            [defaults]
            channels = ["warm_up", "#warm_up_too"]
            presence = "live"
            command_prefix = "!"
            ignored_users = ["nightbot"]
            reply_chance = 0.05
            min_delay_ms = 1500
            max_delay_ms = 4000

            [defaults.ai]
            base_url = "http://127.0.0.1:9/v1"
            api_key = "${WARM_UP_KEY}"
            model = "warm/up"
            fallback_models = ["warm/up-too"]
            temperature = 0.7
            max_tokens = 150
            history_size = 10
            history_ttl_seconds = 600
            timeout_seconds = 30
            user_cooldown_seconds = 10

            [defaults.commands.lurk]
            response = "Enjoy the lurk, {user}!"
            cooldown_seconds = 30
            user_cooldown_seconds = 300

            [[bots]]
            name = "warm_up"
            token = "${WARM_UP_TOKEN}"
            role = "chatter"
            intro_message = "hello \\\\o/"
            reply_chance = 0.10

            [bots.ai]
            temperature = 0.9
            system_prompt = \"""
            A persona.
            Two lines.\"""

            [bots.commands.hello]
            response = 'Hello {user}! Welcome to {channel}!'
            aliases = ["hi", "hey"]
            cooldown_seconds = 10
            permission = "everyone"

            [[bots.timers]]
            message = "a timer"
            interval_seconds = 900
            min_chat_lines = 5

            [[bots]]
            name = "warm_up_warden"
            token = "${WARM_UP_TOKEN}"
            role = "moderator"
            enabled = true

            [bots.moderation]
            rules = [
              "one",
              "two",
            ]
            check_interval_seconds = 30
            max_timeout_seconds = 600
            exempt_roles = ["moderator", "vip", "broadcaster"]
            dry_run = true
            """;

    private WarmUp() {}

    /**
     * Loads the sample, for the side effect of having loaded it; prints nothing and never throws
     * (the command's own load reports whatever is wrong). Call it on a thread of its own.
     */
    public static void load() {
        try {
            run();
        } catch (RuntimeException e) {
            // Only a warm-up: the command's own load reports whatever is wrong.
        }
    }

    static LoadResult run() {
        Map<String, String> env = Map.of("WARM_UP_KEY", "warm-up-key", "WARM_UP_TOKEN", "warm-up-token");
        return new ConfigLoader(env).parse("warm-up.toml", SAMPLE.getBytes(StandardCharsets.UTF_8));
    }
}
