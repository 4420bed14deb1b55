package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.bot.TestBots;
import dev.hupbot.config.BotsConfig;
import dev.hupbot.it.support.FakeLlmServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * Measures mention-to-reply time through the whole crew (dedupe, history, selection, queue,
 * request, the fake endpoint on loopback, cleaning, send) with 0 ms delays, and prints the
 * median of 20 after 5 warm-up rounds. It asserts that every mention got its reply, not a time:
 * timings are for the report, not a pass mark.
 */
class MentionToReplyLatencyTest {
    private static final int WARM_UP = 5;
    private static final int MEASURED = 20;

    @Test
    void everyMentionIsAnsweredAndTheMedianIsReported() throws Exception {
        BlockingQueue<Long> repliedAt = new LinkedBlockingQueue<>();
        try (FakeLlmServer llm = FakeLlmServer.start(); DaemonScheduler threads = new DaemonScheduler();
                AiCrew crew = new AiCrew((bot, channel, text) -> repliedAt.add(System.nanoTime()),
                        LlmClient.create(Clock.systemUTC()),
                        HelixClient.create(TwitchApi.DEFAULT), threads, Clock.systemUTC(), new SplittableRandom(1), 5)) {
            BotsConfig active = new BotsConfig(List.of(
                    TestBots.bot("stickyman").ai(TestAi.ai(llm.baseUrl(), "You are Stickyman.")).build()));
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                long start = System.nanoTime();
                crew.onMessage("stickyman", TestAi.line("viewer" + i, "@stickyman question " + i), active, false);
                Long end = repliedAt.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(end).as("reply to mention %d", i).isNotNull();
                if (i >= WARM_UP) {
                    micros.add((end - start) / 1_000);
                }
            }
            micros.sort(null);
            double median = (micros.get(MEASURED / 2 - 1) + micros.get(MEASURED / 2)) / 2.0 / 1000.0;
            System.out.printf("mention-to-reply with 0 ms delay, median of %d (after %d warm-up): %.2f ms "
                    + "(min %.2f, max %.2f)%n", MEASURED, WARM_UP, median, micros.get(0) / 1000.0,
                    micros.get(MEASURED - 1) / 1000.0);
            assertThat(micros).hasSize(MEASURED);
            await().atMost(Duration.ofSeconds(1)).until(() -> crew.pendingReplies("stickyman") == 0);
        }
    }
}
