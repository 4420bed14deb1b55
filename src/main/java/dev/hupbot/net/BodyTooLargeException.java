package dev.hupbot.net;

import java.io.IOException;

/**
 * An HTTP answer was longer than {@link CappedBody#MAX_BYTES}; reading stopped there. The message
 * is safe for logs: it names the endpoint with {@link CappedBody#redact} and the setting to check.
 */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(String message) {
        super(message);
    }
}
