package dev.hupbot.it.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.hupbot.audit.DatabaseText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * After every integration test: no secret the test used appears in what it produced — the
 * stdout and stderr of every program it ran, the log lines of this JVM (in-process transports),
 * the shell chat's log file ({@code hupbot.log}) in every data directory it used, or any text cell of any audit database it wrote. Registered for every test class through
 * JUnit's extension auto-detection (failsafe turns it on), so a new test is covered without
 * asking.
 *
 * <p>One column is left out: {@code config_version.content} is the config file exactly as the
 * operator wrote it (the design keeps it byte for byte so {@code history export} can restore
 * it); a token pasted into the file literally is there by the operator's hand, while a token
 * from a variable is stored as its {@code ${NAME}} reference.
 */
public final class NoSecretLeaks implements BeforeEachCallback, AfterEachCallback {
    static final Set<String> VERBATIM_COLUMNS = Set.of("config_version.content");

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            logLines.add(line.toString());
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        logLines.clear();
        appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        SecretWatch.Collected collected = SecretWatch.drain();
        List<String> leaks = new ArrayList<>(collected.leaksInOutputs());
        for (String line : logLines) {
            if (collected.secrets().stream().anyMatch(line::contains)) {
                leaks.add("log of the test JVM: " + line);
            }
        }
        for (Path data : collected.dataDirs()) {
            leaks.addAll(leaksInLogFiles(data, collected.secrets()));
            if (Files.isDirectory(data)) {
                DatabaseText.cellsContaining(data, collected.secrets(), VERBATIM_COLUMNS)
                        .forEach(cell -> leaks.add("audit database " + data + ": " + cell));
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " secret(s) shown by " + context.getDisplayName() + ":\n"
                    + String.join("\n", leaks));
        }
    }

    /** The shell chat's log file and its rotated predecessor, whole (other processes may have written them too). */
    static List<String> leaksInLogFiles(Path data, Set<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String name : List.of("hupbot.log", "hupbot.log.1")) {
            Path file = data.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (secrets.stream().anyMatch(line::contains)) {
                        leaks.add("log file " + file + ": " + line);
                    }
                }
            } catch (IOException e) {
                leaks.add("log file " + file + " could not be read to check it: " + e);
            }
        }
        return leaks;
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
