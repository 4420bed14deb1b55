package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.BotConfig;
import dev.hupbot.config.Permission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

class CommandHandlerProperties {

    /** Someone types the command {@code gapMillis} after the previous line. */
    record Use(int user, Permission level, long gapMillis) {}

    @Provide
    Arbitrary<Use> uses() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(Permission.EVERYONE, Permission.EVERYONE, Permission.SUBSCRIBER, Permission.MODERATOR),
                        Arbitraries.longs().between(0, 12_000))
                .as(Use::new);
    }

    @Property
    void cooldownsNeverLetTwoRepliesThroughWithinTheirWindow(
            @ForAll @IntRange(max = 10) int cooldown,
            @ForAll @IntRange(max = 20) int userCooldown,
            @ForAll @Size(max = 60) List<@From("uses") Use> uses) {
        MutableClock clock = MutableClock.start();
        CommandHandler handler = new CommandHandler(clock);
        BotConfig bot = TestBots.bot("stickyman")
                .command(TestBots.command("hello", "hi {user}").cooldown(cooldown).userCooldown(userCooldown))
                .build();
        @Nullable Instant lastReply = null;
        Map<Integer, Instant> lastReplyTo = new HashMap<>();
        List<String> log = new ArrayList<>();
        for (Use use : uses) {
            clock.advance(Duration.ofMillis(use.gapMillis()));
            Instant now = clock.instant();
            boolean answered = handler.handle(bot, TestBots.line("mychannel", "user" + use.user(), "!hello", use.level()))
                    .isPresent();
            log.add(use + (answered ? " answered" : " silent"));

            boolean privileged = use.level() == Permission.MODERATOR;
            boolean channelFree = lastReply == null || !now.isBefore(lastReply.plusSeconds(cooldown));
            Instant last = lastReplyTo.get(use.user());
            boolean userFree = last == null || !now.isBefore(last.plusSeconds(userCooldown));
            if (answered && !privileged) {
                assertThat(channelFree).as("reply inside the channel cooldown: %s", log).isTrue();
                assertThat(userFree).as("reply inside the user cooldown: %s", log).isTrue();
            }
            // and never silent without a reason
            assertThat(answered).as("answered: %s", log).isEqualTo(privileged || (channelFree && userFree));
            if (answered) {
                lastReply = now;
                lastReplyTo.put(use.user(), now);
            }
        }
    }
}
