package dev.hupbot.console;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A time limit and a memory cap for every statement run through the console. The console's
 * queries run inside the bot's JVM (it serves the database), and H2 shuts a database down when a
 * query runs out of memory, which would stop the bot from recording, and so from applying, any
 * reload. H2 has no per-query memory limit, and a session's own {@code QUERY_TIMEOUT} can be
 * reset by its user, so the limits are enforced from outside: every console statement is
 * registered while it runs, and a watchdog cancels it ({@link Statement#cancel}, which H2 checks
 * every 128 rows) when it has run longer than the limit, or when the heap is fuller than {@link
 * #HEAP_LIMIT} of its maximum. The watchdog looks every {@value #POLL_MILLIS} ms, only while a
 * console statement runs.
 */
final class QueryGuard implements AutoCloseable {
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    /** Of the maximum heap: above it, console statements are cancelled (the bot needs the rest). */
    static final double HEAP_LIMIT = 0.6;
    /** Of the maximum heap: a statement that allocated this much while the heap is full is the culprit. */
    static final double HOG_SHARE = 0.1;
    private static final long POLL_MILLIS = 10;
    private static final Logger log = LoggerFactory.getLogger(QueryGuard.class);

    private final Duration timeLimit;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Statement, Run> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "h2-console-query-guard");
        t.setDaemon(true);
        return t;
    });

    QueryGuard(Duration timeLimit) {
        this.timeLimit = timeLimit;
        watchdog.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The connection the console gets: its statements are watched. */
    Connection guard(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof Statement statement) {
                statement.setQueryTimeout((int) Math.max(1, timeLimit.toSeconds()));
                return watched(statement);
            }
            return result;
        });
    }

    private Statement watched(Statement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!method.getName().startsWith("execute")) {
                return invoke(statement, method, args);
            }
            long thread = Thread.currentThread().getId();
            running.put(statement, new Run(System.nanoTime(), thread, allocated(thread)));
            try {
                return invoke(statement, method, args);
            } finally {
                running.remove(statement);
            }
        };
        return (Statement) Proxy.newProxyInstance(QueryGuard.class.getClassLoader(),
                allStatementInterfaces(statement), handler);
    }

    private static Class<?>[] allStatementInterfaces(Statement statement) {
        if (statement instanceof java.sql.CallableStatement) {
            return new Class<?>[] {java.sql.CallableStatement.class};
        }
        if (statement instanceof java.sql.PreparedStatement) {
            return new Class<?>[] {java.sql.PreparedStatement.class};
        }
        return new Class<?>[] {Statement.class};
    }

    private void check() {
        if (running.isEmpty()) {
            return;
        }
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
        boolean heapFull = heap.getUsed() > (long) (max * HEAP_LIMIT);
        long now = System.nanoTime();
        boolean cancelled = false;
        for (Map.Entry<Statement, Run> entry : running.entrySet()) {
            Run run = entry.getValue();
            boolean late = now - run.startNanos() > timeLimit.toNanos();
            // Garbage the bot left counts as used until the next GC: only a statement that itself
            // allocated a good part of the heap is taken for the one filling it.
            boolean hog = heapFull && allocated(run.thread()) - run.allocatedAtStart() > (long) (max * HOG_SHARE);
            if (hog || late) {
                cancel(entry.getKey(), hog ? "it filled " + Math.round(HEAP_LIMIT * 100) + "% of the heap"
                        : "it ran longer than " + timeLimit.toSeconds() + " s");
                running.remove(entry.getKey());
                cancelled = true;
            }
        }
        if (cancelled && heapFull) {
            System.gc(); // what the cancelled query held is garbage now; give the bot its heap back at once
        }
    }

    private record Run(long startNanos, long thread, long allocatedAtStart) {}

    /** Bytes the thread allocated so far (HotSpot's counter); 0 where the JVM does not count. */
    private long allocated(long thread) {
        if (threads instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()) {
            long bytes = hotspot.getThreadAllocatedBytes(thread);
            return Math.max(bytes, 0);
        }
        return 0;
    }

    private static void cancel(Statement statement, String why) {
        try {
            statement.cancel();
            log.warn("Cancelled an H2 console query: {}", why);
        } catch (SQLException e) {
            log.warn("Cannot cancel an H2 console query ({}): {}", why, e.getMessage());
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    @FunctionalInterface
    private interface Call {
        @Nullable Object call(Object target, Method method, Object @Nullable [] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        return type.cast(Proxy.newProxyInstance(QueryGuard.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> call.call(target, method, args)));
    }

    private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
