package dev.hupbot.ai;

/** Twitch refused or could not be reached. The message never holds the token. */
public final class HelixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HelixException(String message) {
        super(message);
    }
}
