package dev.hupbot.console;

/** The H2 console could not start; the message says why and what to change. */
public final class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
