package dev.hupbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.hupbot.fs.PrivateFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets where log lines go for {@code hupbot run}, on top of {@code logback.xml} (which sends
 * everything to stderr, as the container and one-shot commands want). In the shell chat the
 * terminal belongs to the chat: lines go to {@code DATA/hupbot.log}, and only warnings and
 * errors also reach stderr, as one short line each.
 */
public final class LogSetup {
    /** The log file of the shell chat, in the data directory. */
    public static final String LOG_FILE = "hupbot.log";

    /** Same layout as logback.xml's stderr lines, so a line reads the same in the file and in Docker logs. */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";

    /** Libraries logback.xml holds at WARN: a more verbose level asked for opens them too. */
    private static final List<String> QUIET_LIBRARIES = java.util.stream.Stream.concat(
            LibraryLoggers.NAMES.stream(), java.util.stream.Stream.of("org.flywaydb")).toList();

    /** The levels {@code --log-level} takes. */
    public enum LogLevel {
        error, warn, info, debug, trace;

        Level toLogback() {
            return Level.toLevel(name().toUpperCase(Locale.ROOT));
        }
    }

    private LogSetup() {}

    /** Sets the root level; debug and trace also open the libraries that are kept at WARN. */
    public static void level(LogLevel level) {
        LoggerContext context = context();
        Level logback = level.toLogback();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(logback);
        if (!logback.isGreaterOrEqual(Level.INFO)) {
            QUIET_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(logback));
        }
    }

    /**
     * The shell chat's logging: every line to {@code dataDir/hupbot.log} (0600, appended, capped),
     * warnings and errors also to stderr, one short line each. Returns the file.
     *
     * @throws UncheckedIOException when the data directory or the file cannot be made
     */
    public static Path toFile(Path dataDir) {
        Path file = dataDir.resolve(LOG_FILE);
        LoggerContext context = context();
        PatternLayoutEncoder fileEncoder = new PatternLayoutEncoder();
        fileEncoder.setContext(context);
        fileEncoder.setPattern(FILE_PATTERN);
        fileEncoder.start();
        PrivateLogFile fileAppender = new PrivateLogFile(file, PrivateLogFile.DEFAULT_MAX_BYTES, fileEncoder);
        fileAppender.setContext(context);
        fileAppender.setName("FILE");
        try {
            PrivateFiles.ensurePrivateDirectory(dataDir); // 0700, and refused (with the fix) when others control it
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            fileAppender.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + file + ": " + e.getMessage()
                    + "; make the data directory writable or choose another with --data", e);
        }
        fileAppender.start();

        TerminalLine terminalEncoder = new TerminalLine();
        terminalEncoder.setContext(context);
        terminalEncoder.start();
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel(Level.WARN.toString());
        warnings.start();
        ConsoleAppender<ILoggingEvent> terminal = new ConsoleAppender<>();
        terminal.setContext(context);
        terminal.setName("TERMINAL");
        terminal.setTarget("System.err");
        terminal.setEncoder(terminalEncoder);
        terminal.addFilter(warnings);
        terminal.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(fileAppender);
        root.addAppender(terminal);
        root.detachAppender("STDERR"); // logback.xml's full lines, after the new ones are in: nothing is lost between
        return file;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
