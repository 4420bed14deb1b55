package dev.hupbot.chat.twitch;

import static com.github.twitch4j.common.enums.CommandPermission.BROADCASTER;
import static com.github.twitch4j.common.enums.CommandPermission.EVERYONE;
import static com.github.twitch4j.common.enums.CommandPermission.FOUNDER;
import static com.github.twitch4j.common.enums.CommandPermission.MODERATOR;
import static com.github.twitch4j.common.enums.CommandPermission.PRIME_TURBO;
import static com.github.twitch4j.common.enums.CommandPermission.SUBSCRIBER;
import static com.github.twitch4j.common.enums.CommandPermission.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.twitch4j.chat.events.channel.IRCMessageEvent;
import dev.hupbot.config.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwitchPermissionsTest {

    @Test
    void theHighestBadgeWins() {
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, SUBSCRIBER, VIP, MODERATOR, BROADCASTER))).isEqualTo(Permission.BROADCASTER);
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, SUBSCRIBER, VIP, MODERATOR))).isEqualTo(Permission.MODERATOR);
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, SUBSCRIBER, VIP))).isEqualTo(Permission.VIP);
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, SUBSCRIBER))).isEqualTo(Permission.SUBSCRIBER);
    }

    @Test
    void aFounderIsASubscriber() {
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, FOUNDER))).isEqualTo(Permission.SUBSCRIBER);
    }

    @Test
    void badgesThatGrantNothingLeaveEveryone() {
        assertThat(TwitchPermissions.levelOf(Set.of(EVERYONE, PRIME_TURBO))).isEqualTo(Permission.EVERYONE);
        assertThat(TwitchPermissions.levelOf(Set.of())).isEqualTo(Permission.EVERYONE);
    }

    /** A viewer's PRIVMSG as Twitch sends it, parsed by twitch4j (the raw-line constructor is deprecated, not gone). */
    @SuppressWarnings("deprecation")
    private static IRCMessageEvent line(String badges, String mod, String userType) {
        return new IRCMessageEvent("@badge-info=;badges=" + badges + ";color=;display-name=Lead;emotes=;first-msg=0;"
                + "flags=;id=0d1f;mod=" + mod + ";room-id=1001;subscriber=0;tmi-sent-ts=1700000000000;turbo=0;"
                + "user-id=2002;user-type=" + userType + " :lead!lead@lead.tmi.twitch.tv PRIVMSG #mychannel :hi",
                Map.of("1001", "mychannel"), Map.of("mychannel", "1001"), List.of());
    }

    private static Permission levelOf(IRCMessageEvent line) {
        return TwitchPermissions.levelOf(line.getClientPermissions(), line);
    }

    @Test
    void aLeadModeratorBadgeAloneIsModerator() {
        IRCMessageEvent lead = line("lead_moderator/1", "0", "");
        // what the finding was: twitch4j alone sees a plain viewer
        assertThat(TwitchPermissions.levelOf(lead.getClientPermissions())).isEqualTo(Permission.EVERYONE);

        assertThat(levelOf(lead)).isEqualTo(Permission.MODERATOR);
        assertThat(levelOf(line("lead_moderator/1,subscriber/12", "0", ""))).isEqualTo(Permission.MODERATOR);
    }

    @Test
    void theModTagOrTheModUserTypeAloneIsModerator() {
        assertThat(levelOf(line("", "1", ""))).isEqualTo(Permission.MODERATOR);
        assertThat(levelOf(line("", "0", "mod"))).isEqualTo(Permission.MODERATOR);
        assertThat(levelOf(line("vip/1", "0", "mod"))).isEqualTo(Permission.MODERATOR);
    }

    @Test
    void rawTagsNeverLowerALevelNorRaiseAViewer() {
        assertThat(levelOf(line("broadcaster/1,lead_moderator/1", "1", "mod"))).isEqualTo(Permission.BROADCASTER);
        assertThat(levelOf(line("subscriber/12", "0", ""))).isEqualTo(Permission.SUBSCRIBER);
        assertThat(levelOf(line("", "0", ""))).isEqualTo(Permission.EVERYONE);
        // Twitch's other user types are staff roles, not channel moderators
        assertThat(levelOf(line("", "0", "staff"))).isEqualTo(Permission.EVERYONE);
    }
}
