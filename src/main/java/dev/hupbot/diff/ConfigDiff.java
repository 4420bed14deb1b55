package dev.hupbot.diff;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The structured difference between two configs, keyed by bot name: whole bots added and
 * removed (path {@link FieldPaths#BOT}) and every changed field, each with its apply action.
 * Reordering bots, keys, or the entries of lists that are sets (see {@link BotFields}) is no
 * change.
 *
 * <p>Actions: a field's from {@link FieldPaths#actionFor(String, boolean, boolean)}; a bot added
 * START if it is enabled, removed STOP if it was, and HOT (nothing to connect or leave) if not.
 *
 * <p>Order: bots in the order of the new file, then removed bots in the order of the old one;
 * within a bot, changes sorted by path (indices numerically). Values are display forms, and a
 * secret ({@code token}, {@code refresh_token}, {@code ai.api_key}, any path the bot lists in
 * {@link BotConfig#sensitivePaths()} on either side) shows only as {@code ***} + fingerprint.
 */
public record ConfigDiff(List<FieldChange> changes) {
    public ConfigDiff {
        changes = List.copyOf(changes);
    }

    /**
     * Costs time linear in the number of fields: equal bots are only compared, and of a bot that
     * changed only its unequal sections are flattened ({@link BotFields#differing}).
     */
    public static ConfigDiff between(BotsConfig before, BotsConfig after) {
        Map<String, BotConfig> oldBots = before.byName();
        Map<String, BotConfig> newBots = after.byName();
        List<FieldChange> changes = new ArrayList<>();
        for (BotConfig bot : newBots.values()) {
            @Nullable BotConfig old = oldBots.get(bot.name());
            if (old == null) {
                changes.add(new FieldChange(
                        bot.name(), FieldPaths.BOT, ChangeKind.ADDED, null, null,
                        bot.enabled() ? ApplyAction.START : ApplyAction.HOT));
            } else if (!old.equals(bot)) {
                changes.addAll(fieldChanges(old, bot, BotFields.differing(old, bot)));
            }
        }
        for (BotConfig old : oldBots.values()) {
            if (!newBots.containsKey(old.name())) {
                changes.add(new FieldChange(
                        old.name(), FieldPaths.BOT, ChangeKind.REMOVED, null, null,
                        old.enabled() ? ApplyAction.STOP : ApplyAction.HOT));
            }
        }
        return new ConfigDiff(changes);
    }

    /** Walks both bots' sorted field maps side by side: one pass, no lookups. */
    static List<FieldChange> fieldChanges(BotConfig before, BotConfig after, BotFields.Sides fields) {
        List<FieldChange> out = new ArrayList<>();
        Iterator<Map.Entry<String, Leaf>> olds = fields.before().entrySet().iterator();
        Iterator<Map.Entry<String, Leaf>> news = fields.after().entrySet().iterator();
        Map.@Nullable Entry<String, Leaf> o = next(olds);
        Map.@Nullable Entry<String, Leaf> n = next(news);
        while (o != null || n != null) {
            int order = o == null ? 1 : n == null ? -1 : PathOrder.INSTANCE.compare(o.getKey(), n.getKey());
            if (order < 0 && o != null) {
                out.add(change(before, after, o.getKey(), o.getValue(), null));
                o = next(olds);
            } else if (order > 0 && n != null) {
                out.add(change(before, after, n.getKey(), null, n.getValue()));
                n = next(news);
            } else if (o != null && n != null) {
                if (!o.getValue().sameValue(n.getValue())) {
                    out.add(change(before, after, n.getKey(), o.getValue(), n.getValue()));
                }
                o = next(olds);
                n = next(news);
            }
        }
        return out;
    }

    private static Map.@Nullable Entry<String, Leaf> next(Iterator<Map.Entry<String, Leaf>> it) {
        return it.hasNext() ? it.next() : null;
    }

    private static FieldChange change(
            BotConfig before, BotConfig after, String path, @Nullable Leaf old, @Nullable Leaf now) {
        // A value that was or became secret is redacted on both sides: showing the plain side
        // would reveal the secret whenever the two are the same text.
        boolean redact = (old != null && old.secret()) || (now != null && now.secret());
        ChangeKind kind = old == null ? ChangeKind.ADDED : now == null ? ChangeKind.REMOVED : ChangeKind.CHANGED;
        return new FieldChange(
                after.name(),
                path,
                kind,
                old == null ? null : old.shown(redact),
                now == null ? null : now.shown(redact),
                FieldPaths.actionFor(path, before.enabled(), after.enabled()));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes grouped by bot, bots in diff order. */
    public Map<String, List<FieldChange>> byBot() {
        Map<String, List<FieldChange>> byBot = new LinkedHashMap<>();
        for (FieldChange change : changes) {
            byBot.computeIfAbsent(change.bot(), b -> new ArrayList<>()).add(change);
        }
        byBot.replaceAll((bot, list) -> List.copyOf(list));
        return byBot;
    }

    /** How many bots have at least one change. */
    public int botsChanged() {
        return (int) changes.stream().map(FieldChange::bot).distinct().count();
    }

    /** {@code 3 changes in 2 bots}, {@code 1 change in 1 bot}, {@code no changes}. */
    public String summary() {
        return summary(changes.size(), botsChanged());
    }

    /** The same wording for counts that come from elsewhere (an audit row, a reload). */
    public static String summary(int changes, int bots) {
        if (changes == 0) {
            return "no changes";
        }
        return plural(changes, "change") + " in " + plural(bots, "bot");
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
