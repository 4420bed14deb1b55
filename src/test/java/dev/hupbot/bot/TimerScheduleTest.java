package dev.hupbot.bot;

import static dev.hupbot.bot.TestBots.timer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.BotConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {
    private static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    private final TimerSchedule schedule = new TimerSchedule();

    private final BotConfig follow = TestBots.bot("stickyman")
            .channels("mychannel")
            .timers(timer("Follow the channel!", 900, 0))
            .build();

    private static Instant at(long seconds) {
        return START.plusSeconds(seconds);
    }

    private List<TimerPost> due(BotConfig bot, long seconds) {
        return schedule.due(bot, at(seconds));
    }

    private void chat(String channel, int lines) {
        for (int i = 0; i < lines; i++) {
            schedule.onChatLine(channel);
        }
    }

    @Test
    void firstPostComesOneIntervalAfterTheStartThenEveryInterval() {
        assertThat(due(follow, 0)).isEmpty();
        assertThat(due(follow, 899)).isEmpty();
        assertThat(due(follow, 900)).containsExactly(new TimerPost("mychannel", "Follow the channel!"));
        assertThat(due(follow, 900)).as("posted already").isEmpty();
        assertThat(due(follow, 1799)).isEmpty();
        assertThat(due(follow, 1800)).containsExactly(new TimerPost("mychannel", "Follow the channel!"));
    }

    @Test
    void theNextIntervalCountsFromTheActualPost() {
        due(follow, 0);
        assertThat(due(follow, 950)).hasSize(1);
        assertThat(due(follow, 1849)).isEmpty();
        assertThat(due(follow, 1850)).hasSize(1);
    }

    @Test
    void waitsForEnoughChatThenPostsAsSoonAsItArrives() {
        BotConfig bot = TestBots.edit(follow).timers(timer("Follow!", 60, 5)).build();
        due(bot, 0);
        chat("mychannel", 4);

        assertThat(due(bot, 60)).as("4 of 5 lines").isEmpty();
        chat("mychannel", 1);
        assertThat(due(bot, 70)).containsExactly(new TimerPost("mychannel", "Follow!"));

        chat("mychannel", 4);
        assertThat(due(bot, 130)).as("lines before the last post do not count again").isEmpty();
        chat("mychannel", 1);
        assertThat(due(bot, 131)).hasSize(1);
    }

    @Test
    void linesBeforeTheTimerStartedDoNotCount() {
        BotConfig bot = TestBots.edit(follow).timers(timer("Follow!", 60, 5)).build();
        chat("mychannel", 10);
        due(bot, 0);

        assertThat(due(bot, 60)).isEmpty();
    }

    @Test
    void postsInEachChannelWithItsOwnChatCount() {
        BotConfig bot = TestBots.bot("stickyman")
                .channels("mychannel", "OtherChannel")
                .timers(timer("{bot} says hi to {channel}, {user}", 60, 2))
                .build();
        due(bot, 0);
        chat("#MYCHANNEL", 2);
        chat("otherchannel", 1);

        assertThat(due(bot, 60)).containsExactly(new TimerPost("mychannel", "stickyman says hi to mychannel, {user}"));
        chat("#otherchannel", 1);
        assertThat(due(bot, 61)).containsExactly(new TimerPost("OtherChannel", "stickyman says hi to OtherChannel, {user}"));
    }

    @Test
    void severalTimersPostInTheirOrder() {
        BotConfig bot = TestBots.edit(follow).timers(timer("first", 60, 0), timer("second", 60, 0), timer("slow", 120, 0)).build();
        due(bot, 0);

        assertThat(due(bot, 60)).extracting(TimerPost::message).containsExactly("first", "second");
        assertThat(due(bot, 120)).extracting(TimerPost::message).containsExactly("first", "second", "slow");
    }

    @Test
    void aNewIntervalFromAReloadCountsFromTheLastPost() {
        due(follow, 0);
        assertThat(due(follow, 900)).hasSize(1);
        BotConfig quicker = TestBots.edit(follow).timers(timer("Follow the channel!", 300, 0)).build();

        assertThat(due(quicker, 1000)).isEmpty();
        assertThat(due(quicker, 1199)).isEmpty();
        assertThat(due(quicker, 1200)).hasSize(1);
    }

    @Test
    void anIntervalShortenedBelowTheTimeSinceTheLastPostPostsAtOnce() {
        due(follow, 0);
        due(follow, 900);
        BotConfig quicker = TestBots.edit(follow).timers(timer("Follow the channel!", 60, 0)).build();

        assertThat(due(quicker, 1000)).hasSize(1);
        assertThat(due(quicker, 1059)).isEmpty();
    }

    @Test
    void anEditedMessageKeepsTheTimersSchedule() {
        due(follow, 0);
        due(follow, 900);
        BotConfig edited = TestBots.edit(follow).timers(timer("Subscribe!", 900, 0)).build();

        assertThat(due(edited, 1000)).isEmpty();
        assertThat(due(edited, 1800)).containsExactly(new TimerPost("mychannel", "Subscribe!"));
    }

    @Test
    void aTimerAddedByAReloadStartsCountingFromTheReload() {
        due(follow, 0);
        BotConfig more = TestBots.edit(follow).timer(timer("Join the discord!", 100, 0)).build();

        assertThat(due(more, 500)).isEmpty();
        assertThat(due(more, 599)).isEmpty();
        assertThat(due(more, 600)).containsExactly(new TimerPost("mychannel", "Join the discord!"));
    }

    @Test
    void aRemovedTimersStateIsDropped() {
        BotConfig two = TestBots.edit(follow).timers(timer("a", 100, 0), timer("b", 100, 0)).build();
        due(two, 0);
        assertThat(due(two, 100)).hasSize(2);
        assertThat(schedule.trackedSlots()).isEqualTo(2);

        BotConfig one = TestBots.edit(follow).timers(timer("a", 100, 0)).build();
        due(one, 150);
        assertThat(schedule.trackedSlots()).isEqualTo(1);

        due(two, 160); // "b" is back, as a new timer
        assertThat(due(two, 200)).extracting(TimerPost::message).containsExactly("a");
        assertThat(due(two, 259)).isEmpty();
        assertThat(due(two, 260)).extracting(TimerPost::message).containsExactly("b");
    }

    @Test
    void aChannelTheBotLeftIsDroppedAndStartsAfreshWhenRejoined() {
        BotConfig both = TestBots.edit(follow).channels("mychannel", "otherchannel").timers(timer("hi", 100, 1)).build();
        due(both, 0);
        chat("otherchannel", 3);

        BotConfig one = TestBots.edit(both).channels("mychannel").build();
        due(one, 50);
        assertThat(schedule.trackedSlots()).isEqualTo(1);

        due(both, 60);
        chat("otherchannel", 1);
        assertThat(due(both, 100)).as("mychannel had no chat; otherchannel restarted at 60").isEmpty();
        assertThat(due(both, 160)).containsExactly(new TimerPost("otherchannel", "hi"));
    }

    @Test
    void noTimersNoPosts() {
        BotConfig quiet = TestBots.edit(follow).timers().build();

        assertThat(due(quiet, 0)).isEmpty();
        assertThat(due(quiet, 100_000)).isEmpty();
        assertThat(schedule.trackedSlots()).isZero();
    }

    @Test
    void anIntervalBelowOneSecondPostsAtMostOncePerSecond() {
        BotConfig eager = TestBots.edit(follow).timers(timer("spam", 0, 0)).build();
        due(eager, 0);

        assertThat(due(eager, 0)).isEmpty();
        assertThat(due(eager, 1)).hasSize(1);
        assertThat(due(eager, 1)).isEmpty();
    }

    @Test
    void concurrentCallsPostEachTimerOnce() throws Exception {
        BotConfig bot = TestBots.edit(follow).channels("a", "b").timers(timer("x", 60, 0), timer("y", 60, 0)).build();
        due(bot, 0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> task = () -> {
                    go.await();
                    int posts = 0;
                    for (int i = 0; i < 200; i++) {
                        schedule.onChatLine("a");
                        posts += due(bot, 60).size();
                    }
                    return posts;
                };
                results.add(pool.submit(task));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).as("two timers in two channels").isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }
}
