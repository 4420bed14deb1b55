package dev.hupbot.fs;

/**
 * A data directory or one of its files that hupbot must not use: another account owns it or can
 * write it, or it is a symlink. The message names the path and the fix, on one line.
 */
public final class UnsafePathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsafePathException(String message) {
        super(message);
    }
}
