package dev.hupbot.auth;

/**
 * Twitch's OAuth endpoint could not be asked: no answer, an answer that is not what Twitch
 * sends, or one it refused for a reason the caller cannot fix by logging in again. The message
 * names the endpoint and never carries a token or anything the server echoed.
 */
public final class AuthTrouble extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when there was no answer. */
    private final int status;

    public AuthTrouble(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Twitch answered 4xx: the request (a token, a code, the client id) was refused, not lost. */
    public boolean refused() {
        return status >= 400 && status < 500;
    }
}
