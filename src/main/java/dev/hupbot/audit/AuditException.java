package dev.hupbot.audit;

import org.jspecify.annotations.Nullable;

/** The audit database failed; the message says what and where, never a secret. */
public final class AuditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public AuditException(String message) {
        super(message);
    }
}
