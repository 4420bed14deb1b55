package dev.hupbot.chat.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class TokenRefreshProperties {

    /**
     * A token is refreshed between half and 80% of its lifetime, and at least the margin before it
     * expires whenever that leaves at least half the lifetime.
     */
    @Property
    void theRefreshFallsBetweenHalfwayAndEightyPercentAndKeepsTheMargin(
            @ForAll @LongRange(min = 1, max = 5_184_000) long lifetimeSeconds,
            @ForAll @LongRange(min = 0, max = 7_200) long marginSeconds) {
        Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
        Duration margin = Duration.ofSeconds(marginSeconds);

        Duration after = TokenRefresh.none().withMinMargin(margin).refreshAfter(lifetime);

        assertThat(after).isBetween(lifetime.dividedBy(2), lifetime.multipliedBy(4).dividedBy(5));
        if (lifetime.minus(margin).compareTo(lifetime.dividedBy(2)) >= 0) {
            assertThat(lifetime.minus(after)).isGreaterThanOrEqualTo(margin);
        }
    }
}
