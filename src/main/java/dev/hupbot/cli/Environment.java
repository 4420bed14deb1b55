package dev.hupbot.cli;

import java.util.Map;

/**
 * The environment variables a command resolves {@code ${NAME}} against. The process environment
 * in production; tests hand commands their own map through {@link Main#commandLine(Environment)}.
 */
@FunctionalInterface
public interface Environment {
    Map<String, String> variables();

    static Environment system() {
        return System::getenv;
    }
}
