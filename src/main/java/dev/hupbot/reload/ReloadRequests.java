package dev.hupbot.reload;

import dev.hupbot.audit.Trigger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one door every reload request of {@code hupbot run} goes through (SIGHUP, the file watch,
 * {@code POST /-/reload}): it passes the request on to the coordinator, which coalesces, and
 * keeps systemd informed: {@code RELOADING=1} for each request, {@code READY=1} with the last
 * outcome once no request is outstanding. Also a {@link ReloadListener}, for that outcome.
 */
public final class ReloadRequests implements ReloadListener {
    private final Function<Trigger, CompletableFuture<ReloadResult>> coordinator;
    private final SystemdNotifier systemd;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile String status = "Starting";
    private volatile boolean running;

    /** {@code coordinator}: asks the running crew for a reload; may fail its future while it starts. */
    public ReloadRequests(Function<Trigger, CompletableFuture<ReloadResult>> coordinator, SystemdNotifier systemd) {
        this.coordinator = coordinator;
        this.systemd = systemd;
    }

    public CompletableFuture<ReloadResult> request(Trigger trigger) {
        if (running) {
            systemd.reloading();
        }
        outstanding.incrementAndGet();
        CompletableFuture<ReloadResult> result;
        try {
            result = coordinator.apply(trigger);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((r, e) -> {
            // Before the bots run, READY=1 would tell systemd the start is over.
            if (outstanding.decrementAndGet() == 0 && running) {
                systemd.ready(status);
            }
        });
        return result;
    }

    /** The bots run: systemd may consider the service started. */
    public void started() {
        running = true;
        systemd.ready(status);
    }

    /** SIGTERM: systemd shows the service as stopping. */
    public void stopping() {
        systemd.stopping();
    }

    @Override
    public void onReload(ReloadResult result) {
        status = SystemdNotifier.statusOf(result);
    }
}
