package dev.hupbot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated {@code bots.toml}: immutable, built once by {@link ConfigLoader} and swapped
 * whole. Bots keep file order for display; identity is the name.
 */
public record BotsConfig(List<BotConfig> bots) {
    public BotsConfig {
        bots = List.copyOf(bots);
    }

    public Map<String, BotConfig> byName() {
        Map<String, BotConfig> map = new LinkedHashMap<>();
        for (BotConfig bot : bots) {
            map.put(bot.name(), bot);
        }
        return map;
    }

    public Optional<BotConfig> bot(String name) {
        return bots.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public List<BotConfig> enabledBots() {
        return bots.stream().filter(BotConfig::enabled).toList();
    }
}
