package dev.hupbot.auth;

import dev.hupbot.config.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The Twitch scopes a bot's role needs, and what each is for (README "From zero to your bots in chat"). */
public final class RequiredScopes {
    /** Read chat. */
    public static final String CHAT_READ = "chat:read";
    /** Write to chat. */
    public static final String CHAT_EDIT = "chat:edit";
    /** Time viewers out through Helix (moderators only). */
    public static final String MANAGE_BANNED_USERS = "moderator:manage:banned_users";

    private RequiredScopes() {}

    public static List<String> of(Role role) {
        return role == Role.MODERATOR ? List.of(CHAT_READ, CHAT_EDIT, MANAGE_BANNED_USERS) : List.of(CHAT_READ, CHAT_EDIT);
    }

    /** The scopes of {@code needed} that {@code granted} lacks, in order. */
    public static List<String> missing(List<String> needed, Collection<String> granted) {
        List<String> missing = new ArrayList<>();
        for (String scope : needed) {
            if (!granted.contains(scope)) {
                missing.add(scope);
            }
        }
        return missing;
    }
}
