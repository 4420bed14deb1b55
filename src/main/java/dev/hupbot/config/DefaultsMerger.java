package dev.hupbot.config;

import dev.hupbot.config.Node.Branch;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lays a bot's own table over {@code [defaults]}, key by key and recursively for nested tables
 * ({@code ai}, {@code commands}, each command, {@code moderation}). Lists and arrays of tables
 * ({@code channels}, {@code timers}) are replaced whole: a bot that lists channels means exactly those.
 */
final class DefaultsMerger {
    private DefaultsMerger() {}

    static Branch merge(Branch defaults, Branch own) {
        Map<String, Node> children = new LinkedHashMap<>(defaults.children());
        for (Map.Entry<String, Node> entry : own.children().entrySet()) {
            Node inherited = children.get(entry.getKey());
            if (inherited instanceof Branch base && entry.getValue() instanceof Branch mine) {
                children.put(entry.getKey(), merge(base, mine));
            } else {
                children.put(entry.getKey(), entry.getValue());
            }
        }
        // A key the bot got wrong must not quietly fall back to the default: that would hide the
        // error's consequences from the checks that depend on it.
        for (String key : own.invalid()) {
            children.remove(key);
        }
        Set<String> invalid = new HashSet<>(own.invalid());
        for (String key : defaults.invalid()) {
            if (!own.has(key)) {
                invalid.add(key);
            }
        }
        return new Branch(children, invalid, own.pos());
    }
}
