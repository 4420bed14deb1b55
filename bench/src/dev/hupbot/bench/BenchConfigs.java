package dev.hupbot.bench;

import dev.hupbot.config.BigConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The files the benchmarks reload, and each one's twin with one field of one bot (the one in the
 * middle) changed. Two shapes: {@code realistic} (BigConfig: prompt, command, timer, two
 * channels, moderation for one bot in four; about 480 bytes a bot) and {@code lean} (name,
 * token, one number; about 60 bytes a bot), because 10,000 realistic bots make a 4.7 MB file and
 * the loader refuses anything over 1 MiB.
 */
record BenchConfigs(String size, int bots, boolean lean, String a, String b, Map<String, String> env) {

    /** {@code "100"} is 100 realistic bots, {@code "10000-lean"} 10,000 lean ones. */
    static BenchConfigs of(String size) {
        boolean lean = size.endsWith("-lean");
        int bots = Integer.parseInt(lean ? size.substring(0, size.length() - "-lean".length()) : size);
        int middle = bots / 2;
        if (lean) {
            return new BenchConfigs(size, bots, true, lean(bots, middle, "0.1"), lean(bots, middle, "0.2"),
                    Map.of("TWITCH_TOKEN", "oauth:bench-lean-token-0000"));
        }
        String a = BigConfig.toml(bots);
        String name = BigConfig.name(middle);
        String hello = "response = \"Hello {user}, I am " + name + "!\"";
        if (!a.contains(hello)) {
            throw new IllegalStateException("BigConfig changed: no line " + hello);
        }
        String b = a.replace(hello, "response = \"Howdy {user}, I am " + name + "!\"");
        return new BenchConfigs(size, bots, false, a, b, new HashMap<>(BigConfig.env(bots)));
    }

    private static String lean(int bots, int changed, String value) {
        StringBuilder toml = new StringBuilder("[defaults]\nchannels = [\"mychannel\"]\n");
        for (int i = 0; i < bots; i++) {
            toml.append(String.format(Locale.ROOT, "\n[[bots]]\nname = \"bot_%05d\"\ntoken = \"${TWITCH_TOKEN}\"\nreply_chance = %s\n",
                    i, i == changed ? value : "0.1"));
        }
        return toml.toString();
    }

    /** The changed field, as the diff names it. */
    String changedPath() {
        return lean ? "reply_chance" : "commands.hello.response";
    }
}
