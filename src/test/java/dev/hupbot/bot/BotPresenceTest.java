package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.BotConfig;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.config.Presence;
import dev.hupbot.diff.ConfigDiff;
import dev.hupbot.presence.Liveness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code presence = "live"} bot is in a channel only while its stream is live: it connects at
 * start but joins only live channels, JOINs (and greets) when the stream goes live, PARTs when it
 * ends, and sends nothing to a channel it is away from. Seen through the shell chat's output.
 */
class BotPresenceTest {
    /** Liveness set by the test; tells the runtime at once. */
    static final class ManualLiveness implements Liveness {
        final Map<String, Boolean> live = new ConcurrentHashMap<>();
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        volatile Set<String> watched = Set.of();

        void set(String channel, boolean isLive) {
            live.put(channel, isLive);
            listeners.forEach(l -> l.changed(channel, isLive));
        }

        @Override
        public boolean isLive(String channel) {
            return live.getOrDefault(channel, false);
        }

        @Override
        public void watch(Set<String> channels) {
            watched = Set.copyOf(channels);
        }

        @Override
        public void onChange(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public Map<String, Boolean> known() {
            return new TreeMap<>(live);
        }

        @Override
        public void close() {}
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ManualLiveness liveness = new ManualLiveness();
    private final BotRuntime runtime = new BotRuntime(
            new ShellTransport(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC()),
            Clock.systemUTC(), ChatObserver.NONE, liveness);

    @AfterEach
    void close() {
        runtime.close();
    }

    private static BotConfig bot(Presence presence) {
        return TestBots.bot("stickyman").channels("mychannel").introMessage("stickyman is here").build().withPresence(presence);
    }

    private void apply(BotConfig... bots) {
        BotsConfig next = new BotsConfig(List.of(bots));
        runtime.apply(next, ConfigDiff.between(runtime.active(), next));
    }

    private String shown() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private long count(String line) {
        return shown().lines().filter(line::equals).count();
    }

    @Test
    void aLiveBotWaitsForTheStreamThenJoinsGreetsOncePerStreamAndParts() {
        apply(bot(Presence.LIVE));
        assertThat(liveness.watched).containsExactly("mychannel");
        assertThat(runtime.status().get(0).connected()).isTrue();
        assertThat(runtime.status().get(0).channels()).isEmpty();
        assertThat(runtime.send("stickyman", "mychannel", "anyone?")).as("nothing goes to a channel it is away from").isFalse();

        liveness.set("mychannel", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("[#mychannel] <stickyman> stickyman is here") == 1);
        assertThat(shown()).contains("[#mychannel] * stickyman joined");
        assertThat(runtime.status().get(0).channels()).containsExactly("mychannel");

        liveness.set("mychannel", true); // the same stream again: no second JOIN, no second intro
        liveness.set("mychannel", false);
        assertThat(shown()).contains("[#mychannel] * stickyman left");
        assertThat(runtime.status().get(0).channels()).isEmpty();
        assertThat(count("[#mychannel] * stickyman joined")).isEqualTo(1);

        liveness.set("mychannel", true); // the next stream: greeted again
        await().atMost(Duration.ofSeconds(5)).until(() -> count("[#mychannel] <stickyman> stickyman is here") == 2);
    }

    @Test
    void switchingPresenceOnReloadJoinsOrPartsAtOnce() {
        apply(bot(Presence.LIVE));
        assertThat(runtime.status().get(0).channels()).isEmpty();

        apply(bot(Presence.ALWAYS));
        assertThat(runtime.status().get(0).channels()).containsExactly("mychannel");
        assertThat(liveness.watched).isEmpty();

        apply(bot(Presence.LIVE));
        assertThat(runtime.status().get(0).channels()).isEmpty();
        assertThat(shown()).contains("[#mychannel] * stickyman left");
    }

    @Test
    void aLiveBotStartedWhileTheStreamIsLiveJoinsAtOnce() {
        liveness.set("mychannel", true);
        apply(bot(Presence.LIVE));
        assertThat(runtime.status().get(0).channels()).containsExactly("mychannel");
        assertThat(runtime.status().get(0).presence()).isEqualTo(Presence.LIVE);
    }

    @Test
    void anAlwaysBotIgnoresTheStream() {
        apply(bot(Presence.ALWAYS));
        liveness.set("mychannel", false);
        assertThat(runtime.status().get(0).channels()).containsExactly("mychannel");
    }
}
