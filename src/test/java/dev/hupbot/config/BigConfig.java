package dev.hupbot.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a large but realistic bots file (and the variables it needs) for measuring the loader:
 * {@code java -cp target/test-classes dev.hupbot.config.BigConfig 1000 big.toml big.env}.
 */
public final class BigConfig {
    private BigConfig() {}

    public static void main(String[] args) throws IOException {
        int bots = Integer.parseInt(args[0]);
        Files.writeString(Path.of(args[1]), toml(bots));
        StringBuilder env = new StringBuilder();
        env(bots).forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        Files.writeString(Path.of(args[2]), env);
    }

    public static String name(int i) {
        return String.format(Locale.ROOT, "bot_%04d", i);
    }

    public static Map<String, String> env(int bots) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENROUTER_API_KEY", "sk-or-v1-generated-0000000000");
        for (int i = 0; i < bots; i++) {
            env.put("TWITCH_TOKEN_" + name(i).toUpperCase(Locale.ROOT), "tok-generated-" + i);
        }
        return env;
    }

    public static String toml(int bots) {
        StringBuilder sb = new StringBuilder("""
                [defaults]
                channels = ["mychannel"]
                ignored_users = ["nightbot"]

                [defaults.ai]
                api_key = "${OPENROUTER_API_KEY}"
                model = "deepseek/deepseek-chat"

                [defaults.commands.lurk]
                response = "Enjoy the lurk, {user}!"
                cooldown_seconds = 30

                """);
        for (int i = 0; i < bots; i++) {
            String name = name(i);
            sb.append("[[bots]]\n")
                    .append("name = \"").append(name).append("\"\n")
                    .append("token = \"${TWITCH_TOKEN_").append(name.toUpperCase(Locale.ROOT)).append("}\"\n")
                    .append("role = \"").append(i % 4 == 3 ? "moderator" : "chatter").append("\"\n")
                    .append("channels = [\"mychannel\", \"channel_").append(i % 50).append("\"]\n")
                    .append("intro_message = \"").append(name).append(" is here\"\n")
                    .append("reply_chance = 0.").append(i % 10).append('\n')
                    .append("\n[bots.ai]\n")
                    .append("temperature = ").append(i % 20 / 10.0).append('\n')
                    .append("system_prompt = \"\"\"\nYou are ").append(name)
                    .append(", a friendly regular in this chat. Keep replies short, kind and on topic.\"\"\"\n")
                    .append("\n[bots.commands.hello]\n")
                    .append("response = \"Hello {user}, I am ").append(name).append("!\"\n")
                    .append("aliases = [\"hi\"]\n")
                    .append("\n[[bots.timers]]\n")
                    .append("message = \"Follow the channel!\"\n")
                    .append("interval_seconds = ").append(600 + i).append('\n');
            if (i % 4 == 3) {
                sb.append("\n[bots.moderation]\nrules = [\"no spam\"]\ndry_run = true\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
