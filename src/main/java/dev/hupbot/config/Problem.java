package dev.hupbot.config;

/**
 * One thing wrong (or worth a warning) in a config file, located by line and column (1-based;
 * 0 when the problem concerns the whole file). Its {@link #format()} is the line users and
 * scripts read: {@code FILE:LINE:COL: error: PATH: WHAT; FIX}. The text never holds a secret.
 */
public record Problem(Severity severity, String file, int line, int column, String path, String message) {

    public enum Severity {
        ERROR,
        WARNING;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Problem error(String file, int line, int column, String path, String message) {
        return new Problem(Severity.ERROR, file, line, column, path, message);
    }

    public static Problem warning(String file, int line, int column, String path, String message) {
        return new Problem(Severity.WARNING, file, line, column, path, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String format() {
        String where = file + ":" + line + ":" + column + ": " + severity.key() + ": ";
        return path.isEmpty() ? where + message : where + path + ": " + message;
    }
}
