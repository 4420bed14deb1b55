package dev.hupbot.metrics;

import dev.hupbot.audit.Outcome;
import dev.hupbot.bot.BotStatus;
import dev.hupbot.reload.ReloadListener;
import dev.hupbot.reload.ReloadResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * hupbot's metrics, named as Prometheus names its own reload metrics
 * ({@code prometheus_config_last_reload_successful}). Reload metrics are updated by
 * {@link #onReload} (register it with {@code Hupbot.Builder.onReload}); bot metrics are read from
 * the bots' status at each scrape, so they are never stale and cost nothing between scrapes.
 *
 * <p>Every reload counts, the startup load included (trigger STARTUP), as in the audit history.
 */
public final class HupbotMetrics implements ReloadListener {
    /** The outcomes a reload can end with in a running process; each has a series from the start. */
    static final List<Outcome> OUTCOMES = List.of(Outcome.APPLIED, Outcome.UNCHANGED, Outcome.REJECTED, Outcome.PARTIAL);

    /** From a 1-bot edit (about a millisecond) to a 1,000-bot file on a slow disk. */
    private static final double[] DURATION_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock;
    private final Gauge lastReloadSuccessful;
    private final Gauge lastSuccessTimestamp;
    private final Counter reloads;
    private final Histogram reloadDuration;

    /** {@code bots} is asked at each scrape; before the bots start it may return an empty list. */
    public HupbotMetrics(Clock clock, Supplier<List<BotStatus>> bots) {
        this.clock = clock;
        lastReloadSuccessful = Gauge.builder()
                .name("hupbot_config_last_reload_successful")
                .help("Whether the last configuration reload succeeded (APPLIED or UNCHANGED)")
                .register(registry);
        lastSuccessTimestamp = Gauge.builder()
                .name("hupbot_config_last_reload_success_timestamp_seconds")
                .help("Timestamp of the last successful configuration reload")
                .register(registry);
        reloads = Counter.builder()
                .name("hupbot_config_reloads_total")
                .help("Configuration reloads (the startup load included), by outcome")
                .labelNames("outcome")
                .withoutExemplars()
                .register(registry);
        for (Outcome outcome : OUTCOMES) {
            reloads.initLabelValues(outcome.name());
        }
        reloadDuration = Histogram.builder()
                .name("hupbot_config_reload_duration_seconds")
                .help("Time from a reload's start to its audited end: read, validate, diff, record, apply")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(DURATION_BUCKETS)
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("hupbot_bot_connected")
                .help("Whether the bot is connected to chat")
                .labelNames("bot")
                .callback(callback -> bots.get().forEach(bot -> callback.call(bot.connected() ? 1 : 0, bot.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("hupbot_chat_messages_total")
                .help("Chat messages the bot received (in) and sent (out)")
                .labelNames("bot", "direction")
                .callback(callback -> bots.get().forEach(bot -> {
                    callback.call(bot.messagesIn(), bot.name(), "in");
                    callback.call(bot.messagesOut(), bot.name(), "out");
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hupbot_chat_replies_dropped_total")
                .help("Chat lines not sent because the rate limit would have posted them late (late) or pushed them out"
                        + " of the bot's full send queue (queue_full)")
                .labelNames("bot", "reason")
                .callback(callback -> bots.get().forEach(bot -> {
                    callback.call(bot.repliesDroppedLate(), bot.name(), "late");
                    callback.call(bot.repliesDroppedQueueFull(), bot.name(), "queue_full");
                }))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void onReload(ReloadResult result) {
        reloads.labelValues(result.outcome().name()).inc();
        reloadDuration.observe(result.duration().toNanos() / 1e9);
        if (result.outcome().succeeded()) {
            lastReloadSuccessful.set(1);
            lastSuccessTimestamp.set(clock.millis() / 1e3);
        } else {
            lastReloadSuccessful.set(0);
        }
    }
}
