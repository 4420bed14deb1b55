package dev.hupbot.reload;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Takes hupbot's log lines off the console while a long test runs (thousands of reloads would
 * flood the build output) and checks each one, exceptions included, for strings that must never
 * be logged. Other loggers still reach the console, and are checked too.
 */
final class CapturedLog implements AutoCloseable {
    private final Collection<String> forbidden;
    private final List<String> offending = new CopyOnWriteArrayList<>();
    private final AtomicLong lines = new AtomicLong();
    private final Logger hupbot;
    private final Logger root;
    private final AppenderBase<ILoggingEvent> appender;

    CapturedLog(Collection<String> forbidden) {
        this.forbidden = List.copyOf(forbidden);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        hupbot = context.getLogger("dev.hupbot");
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                check(event);
            }
        };
        appender.setContext(context);
        appender.start();
        hupbot.addAppender(appender);
        hupbot.setAdditive(false);
        root.addAppender(appender);
    }

    private void check(ILoggingEvent event) {
        lines.incrementAndGet();
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        String line = text.toString();
        for (String secret : forbidden) {
            if (line.contains(secret)) {
                offending.add(line);
            }
        }
    }

    /** Log lines that held a forbidden string. */
    List<String> offending() {
        return List.copyOf(offending);
    }

    long lineCount() {
        return lines.get();
    }

    @Override
    public void close() {
        hupbot.detachAppender(appender);
        root.detachAppender(appender);
        hupbot.setAdditive(true);
        appender.stop();
    }
}
