package dev.hupbot.chat.twitch;

import static com.github.twitch4j.common.enums.CommandPermission.BROADCASTER;
import static com.github.twitch4j.common.enums.CommandPermission.EVERYONE;
import static com.github.twitch4j.common.enums.CommandPermission.FOUNDER;
import static com.github.twitch4j.common.enums.CommandPermission.MODERATOR;
import static com.github.twitch4j.common.enums.CommandPermission.PRIME_TURBO;
import static com.github.twitch4j.common.enums.CommandPermission.SUBSCRIBER;
import static com.github.twitch4j.common.enums.CommandPermission.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.Permission;
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
}
