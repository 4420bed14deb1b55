package dev.hupbot.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The level of the libraries' own loggers (twitch4j and what it brings: events4j, the
 * credential manager, nv-websocket, OkHttp, Xanthic). hupbot says in one line per bot what went
 * wrong and how to fix it; the libraries say the same with a stack trace per retry (a closed
 * port gave 358 stack-trace lines in 15 s). So they are OFF unless hupbot itself logs at debug
 * or trace, where their details help. {@code logback.xml} reads this as {@code ${LIBRARY_LEVEL}}.
 */
public final class LibraryLoggers extends PropertyDefinerBase {
    /** Logger name prefixes of the chatty libraries; whoever changes hupbot's level at run time should change these too. */
    public static final List<String> NAMES = List.of("com.github.twitch4j", "com.github.philippheuer",
            "com.neovisionaries", "okhttp3", "io.github.xanthic");

    private final Map<String, String> env;

    public LibraryLoggers() {
        this(System.getenv());
    }

    LibraryLoggers(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String getPropertyValue() {
        return levelFor(env.getOrDefault("HUPBOT_LOG_LEVEL", "INFO"));
    }

    /** The libraries' level when hupbot logs at {@code hupbotLevel}: the same at debug and trace, else OFF. */
    public static String levelFor(String hupbotLevel) {
        String level = hupbotLevel.strip().toUpperCase(Locale.ROOT);
        return level.equals("DEBUG") || level.equals("TRACE") || level.equals("ALL") ? level : "OFF";
    }
}
