package dev.hupbot.chat.twitch;

/**
 * A refresh the token endpoint refused or did not answer. The message says which, in words fit
 * for a log line; it never holds a token or the client secret.
 */
final class RefreshFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the refusal, or {@link #NO_ANSWER}. */
    private final int status;

    static final int NO_ANSWER = 0;

    RefreshFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    /** Twitch refused the refresh token or the application: trying again will not help. */
    boolean refused() {
        return status >= 400 && status < 500;
    }
}
