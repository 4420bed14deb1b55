package dev.hupbot.bot;

import static dev.hupbot.bot.TestBots.command;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.hupbot.chat.SendRate;
import dev.hupbot.config.BotConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutgoingQueueTest {
    /** Twitch's limit for an ordinary account, as twitch4j's USER preset has it. */
    static final SendRate USER = new SendRate(20, Duration.ofSeconds(30));

    private final MutableClock clock = MutableClock.start();
    private final List<String> sent = new ArrayList<>();
    private final List<Duration> wakes = new ArrayList<>();
    private final AtomicReference<BotConfig> settings = new AtomicReference<>(
            TestBots.bot("stickyman").command(command("ping", "pong")).build());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OutgoingQueue.class);
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel() == Level.WARN) {
                warnings.add(event.getFormattedMessage());
            }
        }
    };

    {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private OutgoingQueue queue(SendRate rate) {
        return new OutgoingQueue("stickyman", rate, clock, settings::get, (channel, text) -> sent.add(channel + " " + text),
                wakes::add);
    }

    private static OutgoingQueue.Composer ping() {
        return current -> current.commands().get("ping").response();
    }

    @Test
    void linesGoOutAtTheRatesPaceAndOnesThatWouldBeLateAreDroppedAndCounted() {
        OutgoingQueue queue = queue(USER);
        for (int i = 0; i < 25; i++) { // a flood: each line is drained as it comes, as the sender thread does
            queue.offer("mychannel", clock.instant(), ping());
            queue.drain();
        }
        assertThat(sent).hasSize(20); // the bucket starts full
        assertThat(wakes).contains(Duration.ofMillis(1500)).filteredOn(d -> !d.isZero()).hasSize(1); // one line per 1.5 s, one wake planned

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(1500));
            queue.drain();
        }
        assertThat(sent).hasSize(23);
        clock.advance(Duration.ofMillis(600)); // 5.1 s after the lines: the last two are too late
        queue.drain();

        assertThat(sent).hasSize(23);
        assertThat(queue.pending()).isZero();
        assertThat(queue.dropped(OutgoingQueue.Drop.LATE)).isEqualTo(2);
        assertThat(warnings).containsExactly("bot=stickyman dropped 2 chat line(s) the chat's rate limit would have "
                + "posted more than 5s late (2 late, 0 over the queue's bound so far); cooldown_seconds on busy "
                + "commands avoids this");
    }

    @Test
    void aLineWaitsAtMostFiveSecondsFromWhatItAnswersNotFromWhenItWasQueued() {
        OutgoingQueue queue = queue(new SendRate(1, Duration.ofSeconds(30)));
        queue.offer("mychannel", clock.instant(), ping());
        queue.offer("mychannel", clock.instant().minusSeconds(6), ping()); // its line came 6 s ago
        queue.drain();

        assertThat(sent).containsExactly("mychannel pong");
        assertThat(queue.dropped(OutgoingQueue.Drop.LATE)).isEqualTo(1);
    }

    @Test
    void theQueueIsBoundedPerChannelAndPerBotDroppingTheOldest() {
        OutgoingQueue queue = queue(new SendRate(1, Duration.ofSeconds(30)));
        for (int i = 0; i < OutgoingQueue.PER_CHANNEL + 3; i++) {
            String n = Integer.toString(i);
            queue.offer("busy", clock.instant(), current -> "busy " + n);
        }
        assertThat(queue.pending()).isEqualTo(OutgoingQueue.PER_CHANNEL);
        assertThat(queue.dropped(OutgoingQueue.Drop.QUEUE_FULL)).isEqualTo(3);
        for (int c = 0; c < OutgoingQueue.PER_CHANNEL * OutgoingQueue.CHANNELS_PER_BOT; c++) {
            queue.offer("channel" + c, clock.instant(), current -> "quiet");
        }
        assertThat(queue.pending()).isEqualTo(OutgoingQueue.PER_CHANNEL * OutgoingQueue.CHANNELS_PER_BOT);
        queue.drain();

        assertThat(sent).containsExactly("channel0 quiet"); // every "busy" line was pushed out by newer ones
        assertThat(queue.dropped(OutgoingQueue.Drop.QUEUE_FULL)).isEqualTo(3 + OutgoingQueue.PER_CHANNEL);
        assertThat(warnings).hasSize(1); // one log line for the whole burst
    }

    @Test
    void fasterRatesHoldWhatTheyCanSendInTime() {
        assertThat(OutgoingQueue.perChannel(USER)).isEqualTo(OutgoingQueue.PER_CHANNEL);
        assertThat(OutgoingQueue.perChannel(new SendRate(100, Duration.ofSeconds(30)))).isEqualTo(17);
        assertThat(OutgoingQueue.perChannel(new SendRate(7500, Duration.ofSeconds(30)))).isEqualTo(OutgoingQueue.MAX_PER_CHANNEL);
        assertThat(OutgoingQueue.perChannel(SendRate.UNLIMITED)).isEqualTo(OutgoingQueue.MAX_PER_CHANNEL);
    }

    @Test
    void aReloadsNewResponseAppliesToLinesNotYetSent() {
        OutgoingQueue queue = queue(new SendRate(1, Duration.ofSeconds(2)));
        queue.offer("mychannel", clock.instant(), ping());
        queue.offer("mychannel", clock.instant(), ping());
        queue.drain();
        settings.set(TestBots.edit(settings.get()).command(command("ping", "pong v2")).build());
        clock.advance(Duration.ofSeconds(2));
        queue.drain();

        assertThat(sent).containsExactly("mychannel pong", "mychannel pong v2");
    }

    @Test
    void everyLineIsGuardedAndOneWithNothingLeftCostsNoToken() {
        OutgoingQueue queue = queue(new SendRate(1, Duration.ofSeconds(30)));
        queue.offer("mychannel", clock.instant(), current -> "\u200B/");
        queue.offer("mychannel", clock.instant(), current -> "\u00A0/ban innocent_bob\r\nPRIVMSG #x :hi");
        queue.drain();

        assertThat(sent).containsExactly("mychannel ban innocent_bob PRIVMSG #x :hi");
    }

    @Test
    void withoutALimitEverythingGoesAtOnce() {
        OutgoingQueue queue = queue(SendRate.UNLIMITED);
        for (int i = 0; i < 40; i++) {
            queue.offer("mychannel", clock.instant(), ping());
            queue.drain();
        }
        assertThat(sent).hasSize(40);
        assertThat(wakes).containsOnly(Duration.ZERO);
    }
}
