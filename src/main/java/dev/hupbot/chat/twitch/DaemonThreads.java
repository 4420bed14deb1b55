package dev.hupbot.chat.twitch;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: a bot's threads must never keep the JVM alive after SIGTERM. */
final class DaemonThreads {
    private DaemonThreads() {}

    static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One thread that runs tasks in submission order and goes away when idle, so a quiet bot holds
     * no thread for it. Tasks submitted after shutdown are discarded.
     */
    static ThreadPoolExecutor serial(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named(name), new ThreadPoolExecutor.DiscardPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
