package dev.hupbot.presence;

/** A Helix or EventSub call failed; the message says what and how to fix it, never a token. */
final class PresenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PresenceException(String message) {
        super(message);
    }
}
