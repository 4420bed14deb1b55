package dev.hupbot.audit;

/** The audit database failed; the message says what and where, never a secret. */
public final class AuditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
