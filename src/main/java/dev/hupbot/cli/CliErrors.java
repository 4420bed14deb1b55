package dev.hupbot.cli;

import dev.hupbot.audit.AuditException;
import dev.hupbot.fs.UnsafePathException;

/** What a CLI command prints for a failure it did not expect in detail: one line, never a stack trace. */
final class CliErrors {
    private CliErrors() {}

    /** The failure's message on one line; for an unexpected exception, its type too. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        boolean ours = e instanceof AuditException || e instanceof UnsafePathException
                || e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException;
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : ours ? message : e.getClass().getSimpleName() + ": " + message;
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
