package dev.hupbot.chat.twitch;

import com.github.twitch4j.chat.events.channel.IRCMessageEvent;
import com.github.twitch4j.common.enums.CommandPermission;
import dev.hupbot.config.Permission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chatter's highest permission level: from the badges twitch4j parsed, and from the raw tags
 * for what twitch4j 1.25.0 does not know. Its badge parsing has no {@code lead_moderator}, so a
 * lead moderator (whose line may carry neither {@code mod=1} nor a {@code moderator} badge) would
 * otherwise count as a plain viewer: timed out by the moderator bot, refused moderator commands.
 */
final class TwitchPermissions {
    /** The tags besides {@code badges} that say "moderator". */
    private static final List<String> TAGS = List.of("mod", "user-type");

    private TwitchPermissions() {}

    /** The level of the line's sender, from twitch4j's parse and the line's own tags. */
    static Permission levelOf(Set<CommandPermission> parsed, IRCMessageEvent line) {
        Map<String, String> tags = new HashMap<>();
        for (String name : TAGS) {
            line.getTagValue(name).ifPresent(value -> tags.put(name, value));
        }
        return levelOf(parsed, line.getBadges(), tags);
    }

    /**
     * @param badges the {@code badges} tag as name to version ({@code lead_moderator -> 1})
     * @param tags the line's tags, unescaped ({@code mod -> 1}, {@code user-type -> mod})
     */
    static Permission levelOf(Set<CommandPermission> parsed, Map<String, String> badges, Map<String, String> tags) {
        Permission level = levelOf(parsed);
        if (level.ordinal() < Permission.MODERATOR.ordinal() && moderator(badges, tags)) {
            return Permission.MODERATOR;
        }
        return level;
    }

    /** Any one of Twitch's three signs of moderator rights is enough. */
    private static boolean moderator(Map<String, String> badges, Map<String, String> tags) {
        return badges.containsKey("lead_moderator") || badges.containsKey("moderator")
                || "1".equals(tags.get("mod")) || "mod".equals(tags.get("user-type"));
    }

    static Permission levelOf(Set<CommandPermission> badges) {
        if (badges.contains(CommandPermission.BROADCASTER)) {
            return Permission.BROADCASTER;
        }
        if (badges.contains(CommandPermission.MODERATOR)) {
            return Permission.MODERATOR;
        }
        if (badges.contains(CommandPermission.VIP)) {
            return Permission.VIP;
        }
        // a founder is a subscriber who wears the founder badge instead of the subscriber one
        if (badges.contains(CommandPermission.SUBSCRIBER) || badges.contains(CommandPermission.FOUNDER)) {
            return Permission.SUBSCRIBER;
        }
        return Permission.EVERYONE;
    }
}
