package dev.hupbot.chat.twitch;

import com.github.twitch4j.common.enums.CommandPermission;
import dev.hupbot.config.Permission;
import java.util.Set;

/** A chatter's highest permission level from the badges twitch4j parsed. */
final class TwitchPermissions {
    private TwitchPermissions() {}

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
